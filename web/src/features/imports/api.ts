import type {
  CustomFieldDto,
  DryRunDto,
  ImportDto,
  ImportObject,
  ImportPreviewDto,
  ImportSettingsInput,
  StagedImportDto,
} from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

const ACTIVE = new Set(["queued", "running", "undoing"]);

export const importQuery = (id: string) =>
  queryOptions({
    queryKey: ["imports", id],
    queryFn: () => api<ImportDto>("GET", `/imports/${id}`),
    // Progress lives on the server: poll it while the job works, so a reloaded page picks it up.
    refetchInterval: (query) => (query.state.data && ACTIVE.has(query.state.data.status) ? 1000 : false),
  });

/** The custom fields of the object an import fills, which columns can be mapped to. */
export const customFieldsQuery = (object: ImportObject) =>
  queryOptions({
    queryKey: ["fields", object],
    queryFn: () => api<{ data: CustomFieldDto[] }>("GET", `/fields/${object}`),
  });

export const importsApi = {
  upload: ({ object, file }: { object: ImportObject; file: File }) =>
    api<StagedImportDto>(
      "POST",
      `/imports?object=${object}&fileName=${encodeURIComponent(file.name)}`,
      file,
      { "Content-Type": /\.(vcf|vcard)$/i.test(file.name) ? "text/vcard" : "text/csv" },
    ),
  preview: (id: string, settings: ImportSettingsInput) =>
    api<ImportPreviewDto>("POST", `/imports/${id}/preview?limit=10`, settings),
  dryRun: (id: string, settings: ImportSettingsInput) =>
    api<DryRunDto>("POST", `/imports/${id}/dry-run`, settings),
  run: (id: string, settings: ImportSettingsInput) => api<ImportDto>("POST", `/imports/${id}/run`, settings),
  undo: (id: string) => api<ImportDto>("POST", `/imports/${id}/undo`),
};
