import type {
  CustomFieldDto,
  DryRunDto,
  ImportDto,
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

export const contactFieldsQuery = queryOptions({
  queryKey: ["fields", "contacts"],
  queryFn: () => api<{ data: CustomFieldDto[] }>("GET", "/fields/contacts"),
});

export const importsApi = {
  upload: (file: File) =>
    api<StagedImportDto>("POST", `/imports?object=contacts&fileName=${encodeURIComponent(file.name)}`, file, {
      "Content-Type": /\.(vcf|vcard)$/i.test(file.name) ? "text/vcard" : "text/csv",
    }),
  preview: (id: string, settings: ImportSettingsInput) =>
    api<ImportPreviewDto>("POST", `/imports/${id}/preview?limit=10`, settings),
  dryRun: (id: string, settings: ImportSettingsInput) =>
    api<DryRunDto>("POST", `/imports/${id}/dry-run`, settings),
  run: (id: string, settings: ImportSettingsInput) => api<ImportDto>("POST", `/imports/${id}/run`, settings),
  undo: (id: string) => api<ImportDto>("POST", `/imports/${id}/undo`),
};
