import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  type CreateCompanyBody,
  type CreateContactBody,
  type CreateDealBody,
  type CreateTaskBody,
  type CustomFieldDto,
  type CustomFieldObject,
  type PipelineDto,
  type SessionDto,
  TASK_PRIORITIES,
} from "@rapport/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useSession } from "../../app/session.ts";
import {
  DuplicateCandidates,
  duplicateCandidatesOf,
} from "../../features/duplicates/duplicate-candidates.tsx";
import { fieldErrorsOf, messageOf } from "../form.ts";
import { FormAlert } from "../form-alert.tsx";
import { PageLoader } from "../page.tsx";
import { customFieldsQuery, pipelinesQuery, recordApi } from "./api.ts";
import { FieldInput } from "./field-input.tsx";
import {
  accessOf,
  bodyValue,
  customFieldSpecs,
  errorsBeside,
  type FieldSpec,
  formValuesOf,
  getPath,
  setPath,
} from "./fields.ts";
import { recordText } from "./text.ts";

export type CreateKind = "contact" | "company" | "deal" | "task";
type Defaults = Record<string, unknown> & { custom: Record<string, unknown> };
type Spec = FieldSpec<Defaults>;

const OBJECT: Record<CreateKind, CustomFieldObject> = {
  contact: "contacts",
  company: "companies",
  deal: "deals",
  task: "tasks",
};

const from = (key: string) => (d: Defaults) => d[key];
const t = recordText.create.fields;

/** The built-in fields each dialog asks for, and their defaults. */
function builtIn(
  kind: CreateKind,
  session: SessionDto,
  pipelines: PipelineDto[],
): { fields: Spec[]; defaults: Defaults } {
  const owner: Spec = { path: "ownerId", label: t.owner, kind: "user", read: from("ownerId") };
  const me = session.user.id;
  switch (kind) {
    case "contact":
      return {
        defaults: { ownerId: me, custom: {} },
        fields: [
          { path: "firstName", label: t.firstName, kind: "text", read: from("firstName") },
          { path: "lastName", label: t.lastName, kind: "text", read: from("lastName") },
          {
            path: "emails",
            label: t.email,
            kind: "email",
            read: from("emails"),
            write: (v) => (String(v ?? "").trim() ? [{ value: String(v).trim(), primary: true }] : []),
          },
          {
            path: "phones",
            label: t.phone,
            kind: "phone",
            read: from("phones"),
            write: (v) => (String(v ?? "").trim() ? [{ value: String(v).trim(), primary: true }] : []),
          },
          { path: "jobTitle", label: t.jobTitle, kind: "text", read: from("jobTitle") },
          {
            path: "companies",
            label: t.company,
            kind: "record_link",
            target: "companies",
            read: from("companies"),
            write: (v) => (v ? [{ companyId: v, primary: true }] : []),
          },
          owner,
        ],
      };
    case "company":
      return {
        defaults: { ownerId: me, custom: {} },
        fields: [
          { path: "name", label: t.name, kind: "text", required: true, read: from("name") },
          {
            path: "domains",
            label: t.domain,
            kind: "text",
            read: from("domains"),
            write: (v) => (String(v ?? "").trim() ? [String(v).trim()] : []),
          },
          { path: "industry", label: t.industry, kind: "text", read: from("industry") },
          owner,
        ],
      };
    case "deal": {
      const pipeline = pipelines.find((p) => p.isDefault) ?? pipelines[0];
      return {
        defaults: {
          ownerId: me,
          currency: session.workspace.baseCurrency,
          pipelineId: pipeline?.id ?? null,
          stageId: pipeline?.stages.find((s) => s.kind === "open")?.id ?? null,
          custom: {},
        },
        fields: [
          { path: "name", label: t.name, kind: "text", required: true, read: from("name") },
          { path: "amount", label: t.amount, kind: "number", read: from("amount") },
          {
            path: "currency",
            label: t.currency,
            kind: "text",
            read: from("currency"),
            write: (v) =>
              String(v ?? "")
                .trim()
                .toUpperCase() || null,
          },
          {
            path: "pipelineId",
            label: t.pipeline,
            kind: "single_select",
            options: pipelines.map((p) => ({ value: p.id, label: p.name })),
            read: from("pipelineId"),
          },
          { path: "stageId", label: t.stage, kind: "stage", read: from("stageId") },
          { path: "expectedCloseDate", label: t.closeDate, kind: "date", read: from("expectedCloseDate") },
          {
            path: "companyId",
            label: t.company,
            kind: "record_link",
            target: "companies",
            read: from("companyId"),
          },
          owner,
        ],
      };
    }
    case "task":
      return {
        defaults: { assigneeId: me, priority: "normal", custom: {} },
        fields: [
          { path: "title", label: t.title, kind: "text", required: true, read: from("title") },
          { path: "dueDate", label: t.dueDate, kind: "date", read: from("dueDate") },
          {
            path: "priority",
            label: t.priority,
            kind: "single_select",
            options: TASK_PRIORITIES.map((p) => ({ value: p, label: recordText.priorities[p] })),
            read: from("priority"),
          },
          { path: "assigneeId", label: t.assignee, kind: "user", read: from("assigneeId") },
          { path: "description", label: t.description, kind: "long_text", read: from("description") },
        ],
      };
  }
}

const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** A dialog that creates a contact, company, deal or task with sensible defaults. */
export function QuickCreateDialog({ kind, onClose }: { kind: CreateKind; onClose: () => void }) {
  // A dialog is opened long after a list loaded the definitions: ask again, so a field an admin just
  // added is there.
  const defs = useQuery({ ...customFieldsQuery(OBJECT[kind]), refetchOnMount: "always" });
  const pipelines = useQuery({ ...pipelinesQuery, enabled: kind === "deal" });
  // The form takes the definitions once, so it waits for the fresh ones.
  const ready = defs.isFetchedAfterMount && defs.data && (kind !== "deal" || pipelines.data);
  return (
    <Modal opened onClose={onClose} title={recordText.create.titles[kind]} size="lg" fullScreen={false}>
      {ready ? (
        <CreateForm kind={kind} customDefs={defs.data} pipelines={pipelines.data ?? []} onDone={onClose} />
      ) : defs.isError || pipelines.isError ? (
        <Text c="red.8">{messageOf(defs.error ?? pipelines.error)}</Text>
      ) : (
        <PageLoader />
      )}
    </Modal>
  );
}

function CreateForm({
  kind,
  customDefs,
  pipelines,
  onDone,
}: {
  kind: CreateKind;
  customDefs: CustomFieldDto[];
  pipelines: PipelineDto[];
  onDone: () => void;
}) {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { fields: base, defaults } = builtIn(kind, session, pipelines);
  const custom = customFieldSpecs<Defaults>(customDefs);
  // Fields the role may not write (hidden or read-only) would be refused: the dialog leaves them out.
  const fields = [...base, ...custom].filter(
    (f) => accessOf(session.permissions, OBJECT[kind], f.path) === "write",
  );
  const form = useForm<Record<string, unknown>>({ initialValues: formValuesOf(fields, defaults) });

  const create = useMutation({
    mutationFn: async ({
      values,
      allowDuplicate,
    }: {
      values: Record<string, unknown>;
      allowDuplicate: boolean;
    }) => {
      const body: Record<string, unknown> = {};
      for (const field of fields) {
        const value = bodyValue(field, getPath(values, field.path));
        if (!isEmpty(value)) setPath(body, field.path, value);
      }
      switch (kind) {
        case "contact":
          return { kind, record: await recordApi.createContact(body as CreateContactBody, allowDuplicate) };
        case "company":
          return { kind, record: await recordApi.createCompany(body as CreateCompanyBody, allowDuplicate) };
        case "deal":
          return { kind, record: await recordApi.createDeal(body as CreateDealBody) };
        case "task":
          return { kind, record: await recordApi.createTask(body as CreateTaskBody) };
      }
    },
    onSuccess: async ({ kind: created, record }) => {
      onDone();
      void queryClient.invalidateQueries({ queryKey: ["records"] });
      void queryClient.invalidateQueries({ queryKey: ["timeline"] });
      if (created === "task") {
        notifications.show({
          color: "teal",
          title: recordText.create.taskCreated,
          message: recordText.create.taskCreatedBody("title" in record ? record.title : ""),
        });
        return;
      }
      const to = { contact: "/contacts/$id", company: "/companies/$id", deal: "/deals/$id" } as const;
      await navigate({ to: to[created], params: { id: record.id } });
    },
    onError: (error) => form.setErrors(errorsBeside(fields, fieldErrorsOf(error))),
  });

  // A likely duplicate (409) lists the existing records instead of an error message.
  const candidates = duplicateCandidatesOf(create.error);
  const unplaced = create.error && !candidates && Object.keys(fieldErrorsOf(create.error)).length === 0;
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate({ values, allowDuplicate: false }))} noValidate>
      <Stack gap="sm">
        <FormAlert error={unplaced ? messageOf(create.error) : null} />
        {candidates && (kind === "contact" || kind === "company") && (
          <DuplicateCandidates
            object={kind}
            candidates={candidates}
            onOpen={onDone}
            creating={create.isPending}
            onCreateAnyway={() => create.mutate({ values: form.getValues(), allowDuplicate: true })}
          />
        )}
        {base.map((field) => (
          <FieldInput key={field.path} field={field as FieldSpec<never>} form={form} />
        ))}
        {custom.length > 0 && (
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">
            {recordText.customFields}
          </Text>
        )}
        {custom.map((field) => (
          <FieldInput key={field.path} field={field as FieldSpec<never>} form={form} />
        ))}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onDone}>
            {recordText.cancel}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {recordText.create.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
