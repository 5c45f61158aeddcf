import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from "@mantine/core";
import { DateInput, DateTimePicker } from "@mantine/dates";
import { type FormErrors, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type CreateActivityBody, type LinkTargetType, TASK_PRIORITIES } from "@rapport/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type Ref, useEffect, useRef } from "react";
import { useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../form.ts";
import { FormAlert } from "../form-alert.tsx";
import { type RecordObject, recordApi, refreshRecordViews } from "./api.ts";
import { UserSelect } from "./field-input.tsx";
import { dottedErrors } from "./fields.ts";
import { recordText } from "./text.ts";

const text = recordText.composer;
export type ComposerTab = "note" | "call" | "meeting" | "task";

const LINK_TYPE: Record<RecordObject, LinkTargetType> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Plain text typed in a textarea, as the HTML paragraphs the API stores. */
export function textToHtml(value: string): string | null {
  const paragraphs = value
    .trim()
    .split(/\n{2,}/)
    .filter(Boolean);
  if (paragraphs.length === 0) return null;
  return paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("");
}

function initialValues(userId: string) {
  return {
    body: "",
    subject: "",
    direction: "outbound",
    durationMinutes: "" as number | string,
    outcome: "",
    // Empty means now: the server stamps the time of saving.
    occurredAt: null as string | null,
    endsAt: null as string | null,
    location: "",
    attendees: [] as string[],
    title: "",
    dueDate: null as string | null,
    priority: "normal",
    assigneeId: userId as string | null,
  };
}
type Values = ReturnType<typeof initialValues>;

/** The API's field paths, as the composer's inputs are named. */
function composerErrors(errors: FormErrors): FormErrors {
  const mapped: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const key = path.startsWith("attendees")
      ? "attendees"
      : path === "durationSeconds"
        ? "durationMinutes"
        : path === "dueDate" || path === "dueAt"
          ? "dueDate"
          : path;
    mapped[key] ??= message;
  }
  return mapped;
}

/** Adds a note, a call, a meeting or a task linked to the record. */
export function Composer({
  object,
  id,
  tab,
  onTabChange,
  focusRef,
  focusRequest,
}: {
  object: RecordObject;
  id: string;
  tab: ComposerTab;
  onTabChange: (tab: ComposerTab) => void;
  focusRef?: Ref<HTMLDivElement>;
  /** Increases each time a quick action wants the cursor in the composer. */
  focusRequest: number;
}) {
  const session = useSession();
  const queryClient = useQueryClient();
  const form = useForm<Values>({ initialValues: initialValues(session.user.id) });
  const firstInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const links = [{ type: LINK_TYPE[object], id }];

  // A quick action asks for the composer: put the cursor where typing starts.
  useEffect(() => {
    if (focusRequest > 0) firstInput.current?.focus({ preventScroll: true });
  }, [focusRequest]);

  const create = useMutation({
    mutationFn: async (values: Values) => {
      if (tab === "task") {
        return recordApi.createTask({
          title: values.title,
          dueDate: values.dueDate,
          priority: values.priority as (typeof TASK_PRIORITIES)[number],
          assigneeId: values.assigneeId,
          links,
        });
      }
      const iso = (v: string | null) => (v ? dayjs(v).toISOString() : undefined);
      const shared = { links, subject: values.subject.trim() || null, body: textToHtml(values.body) };
      let body: CreateActivityBody;
      if (tab === "note") body = { type: "note", links, body: textToHtml(values.body) ?? "" };
      else if (tab === "call") {
        body = {
          type: "call",
          ...shared,
          occurredAt: iso(values.occurredAt),
          direction: values.direction as "inbound" | "outbound",
          durationSeconds:
            values.durationMinutes === "" ? null : Math.round(Number(values.durationMinutes) * 60),
          outcome: values.outcome.trim() || null,
        };
      } else {
        body = {
          type: "meeting",
          ...shared,
          occurredAt: iso(values.occurredAt),
          endsAt: iso(values.endsAt) ?? null,
          location: values.location.trim() || null,
          attendees: values.attendees.map((a) => (a.includes("@") ? { email: a } : { name: a })),
        };
      }
      return recordApi.createActivity(body);
    },
    onSuccess: async () => {
      form.setValues(initialValues(session.user.id));
      form.clearErrors();
      notifications.show({ color: "teal", title: text.added, message: null });
      await refreshRecordViews(queryClient);
    },
    onError: (error) => form.setErrors(composerErrors(dottedErrors(fieldErrorsOf(error)))),
  });

  const fieldError = create.error && Object.keys(fieldErrorsOf(create.error)).length === 0;
  const submitLabel = {
    note: text.saveNote,
    call: text.saveCall,
    meeting: text.saveMeeting,
    task: text.saveTask,
  }[tab];

  return (
    <Paper withBorder radius="md" p="md" ref={focusRef} aria-label={text.label} component="section">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            value={tab}
            onChange={(value) => {
              create.reset();
              form.clearErrors();
              onTabChange(value as ComposerTab);
            }}
            data={[
              { value: "note", label: text.note },
              { value: "call", label: text.call },
              { value: "meeting", label: text.meeting },
              { value: "task", label: text.task },
            ]}
            fullWidth
            aria-label={text.label}
          />
          <FormAlert error={fieldError ? messageOf(create.error) : null} />

          {tab === "note" && (
            <Textarea
              ref={firstInput}
              label={text.body}
              placeholder={text.bodyPlaceholder}
              autosize
              minRows={3}
              maxRows={12}
              {...form.getInputProps("body")}
            />
          )}

          {tab === "call" && (
            <>
              <Group grow align="flex-start" wrap="wrap" gap="sm">
                <Select
                  ref={firstInput}
                  label={text.direction}
                  data={[
                    { value: "outbound", label: text.outbound },
                    { value: "inbound", label: text.inbound },
                  ]}
                  allowDeselect={false}
                  miw={140}
                  {...form.getInputProps("direction")}
                />
                <NumberInput
                  label={text.durationMinutes}
                  min={0}
                  miw={140}
                  {...form.getInputProps("durationMinutes")}
                />
              </Group>
              <TextInput
                label={text.outcome}
                placeholder={text.outcomePlaceholder}
                {...form.getInputProps("outcome")}
              />
              <DateTimePicker
                label={text.occurredAt}
                placeholder={text.now}
                clearable
                valueFormat="D MMM YYYY HH:mm"
                {...form.getInputProps("occurredAt")}
              />
              <Textarea
                label={text.callNotes}
                autosize
                minRows={2}
                maxRows={10}
                {...form.getInputProps("body")}
              />
            </>
          )}

          {tab === "meeting" && (
            <>
              <TextInput ref={firstInput} label={text.subject} {...form.getInputProps("subject")} />
              <Group grow align="flex-start" wrap="wrap" gap="sm">
                <DateTimePicker
                  label={text.startsAt}
                  placeholder={text.now}
                  clearable
                  valueFormat="D MMM YYYY HH:mm"
                  miw={180}
                  {...form.getInputProps("occurredAt")}
                />
                <DateTimePicker
                  label={text.endsAt}
                  clearable
                  valueFormat="D MMM YYYY HH:mm"
                  miw={180}
                  {...form.getInputProps("endsAt")}
                />
              </Group>
              <TextInput label={text.location} {...form.getInputProps("location")} />
              <TagsInput
                label={text.attendees}
                description={text.attendeesHint}
                {...form.getInputProps("attendees")}
              />
              <Textarea
                label={text.callNotes}
                autosize
                minRows={2}
                maxRows={10}
                {...form.getInputProps("body")}
              />
            </>
          )}

          {tab === "task" && (
            <>
              <TextInput ref={firstInput} label={text.title} required {...form.getInputProps("title")} />
              <Group grow align="flex-start" wrap="wrap" gap="sm">
                <DateInput
                  label={text.dueDate}
                  clearable
                  valueFormat="D MMM YYYY"
                  miw={150}
                  {...form.getInputProps("dueDate")}
                />
                <Select
                  label={text.priority}
                  data={TASK_PRIORITIES.map((p) => ({ value: p, label: recordText.priorities[p] }))}
                  allowDeselect={false}
                  miw={120}
                  {...form.getInputProps("priority")}
                />
              </Group>
              <UserSelect
                label={text.assignee}
                value={form.getValues().assigneeId}
                onChange={(v) => form.setFieldValue("assigneeId", v)}
                error={form.errors.assigneeId as string | undefined}
              />
            </>
          )}

          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
