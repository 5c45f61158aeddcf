import {
  Button,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { CreateCurrencyBody, type CurrencyRateDto, UpdateCurrencyBody } from "@rapport/core";
import { IconCurrencyEuro, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDate, formatRate } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { RowActions } from "../../ui/row-actions.tsx";
import { SectionHeader } from "../settings/section-header.tsx";
import { crmSettingsApi, currenciesQuery } from "./api.ts";
import { zodErrors } from "./errors.ts";
import { crmSettingsText } from "./text.ts";

const text = crmSettingsText.currencies;

export function CurrenciesPage() {
  const { permissions } = useSession();
  const canEdit = permissions.administer;
  const queryClient = useQueryClient();
  const currencies = useQuery(currenciesQuery);
  const [adding, { open, close }] = useDisclosure(false);
  const [editing, setEditing] = useState<CurrencyRateDto | null>(null);
  const base = currencies.data?.base ?? "";

  async function remove(rate: CurrencyRateDto) {
    await crmSettingsApi.deleteRate(rate.currency);
    notifications.show({ color: "teal", title: crmSettingsText.saved, message: text.deleted(rate.currency) });
    await invalidate(queryClient);
  }

  return (
    <>
      <SectionHeader
        title={crmSettingsText.sections.currencies}
        description={`${text.description(base || "…")}${canEdit ? "" : ` ${crmSettingsText.readOnly}`}`}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              {text.add}
            </Button>
          )
        }
      />
      {currencies.isPending ? (
        <PageLoader />
      ) : currencies.isError ? (
        <FormAlert error={messageOf(currencies.error)} />
      ) : (
        <>
          <Text size="sm" mb="sm">
            {text.base}:{" "}
            <Text span fw={600} data-testid="base-currency">
              {base}
            </Text>
          </Text>
          {currencies.data.data.length === 0 ? (
            <EmptyState
              icon={<IconCurrencyEuro size={32} stroke={1.5} />}
              title={text.emptyTitle}
              description={text.emptyBody}
            />
          ) : (
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.currency}</Table.Th>
                  <Table.Th>{text.rate}</Table.Th>
                  <Table.Th visibleFrom="xs">{text.updated}</Table.Th>
                  {canEdit && (
                    <Table.Th>
                      <VisuallyHidden>{crmSettingsText.actions}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {currencies.data.data.map((rate) => (
                  <Table.Tr key={rate.currency}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {rate.currency}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatRate(rate.rate)}</Text>
                      <Text size="xs" c="dimmed">
                        {text.rateExample(rate.currency, base, formatRate(rate.rate))}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="xs">
                      <Text size="sm">{formatDate(rate.updatedAt)}</Text>
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <RowActions
                          editLabel={text.editLabel(rate.currency)}
                          onEdit={() => setEditing(rate)}
                          deleteLabel={text.deleteLabel(rate.currency)}
                          deleteTitle={text.deleteTitle}
                          deleteMessage={text.deleteMessage(rate.currency)}
                          onDelete={() => remove(rate)}
                        />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
      <Modal opened={adding} onClose={close} title={text.addTitle} centered>
        {adding && <RateForm base={base} rate={null} onDone={close} />}
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={text.editTitle(editing?.currency ?? "")}
        centered
      >
        {editing && <RateForm base={base} rate={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

async function invalidate(queryClient: ReturnType<typeof useQueryClient>) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: currenciesQuery.queryKey }),
    queryClient.invalidateQueries({ queryKey: ["deals", "summary"] }),
  ]);
}

function RateForm({
  base,
  rate,
  onDone,
}: {
  base: string;
  rate: CurrencyRateDto | null;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(rate?.currency ?? "");
  const [value, setValue] = useState<number | string>(rate?.rate ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const code = currency.trim().toUpperCase();
    const number = value === "" ? Number.NaN : Number(value);
    const local = rate
      ? zodErrors(UpdateCurrencyBody.safeParse({ rate: number }))
      : zodErrors(CreateCurrencyBody.safeParse({ currency: code, rate: number }));
    if (value === "") local.rate = "Enter a rate";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (rate) await crmSettingsApi.updateRate(rate.currency, number);
      else await crmSettingsApi.addRate({ currency: code, rate: number });
      notifications.show({
        color: "teal",
        title: crmSettingsText.saved,
        message: rate ? text.saved(rate.currency) : text.added(code),
      });
      await invalidate(queryClient);
      onDone();
    } catch (cause) {
      const beside = fieldErrorsOf(cause) as Record<string, string>;
      setErrors(beside);
      // Errors about fields are shown beside them; the alert is for the rest.
      setError(Object.keys(beside).length > 0 ? null : messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  const shown = rate?.currency ?? (currency.trim().toUpperCase() || "…");
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {!rate && (
          <TextInput
            label={text.currency}
            description={text.currencyHint}
            value={currency}
            onChange={(e) => {
              setCurrency(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.currency}
            maxLength={3}
            w={160}
            data-autofocus
          />
        )}
        <NumberInput
          label={text.rateOf(shown)}
          description={text.rateExample(shown, base, value === "" ? "?" : String(value))}
          value={value}
          onChange={setValue}
          error={errors.rate}
          min={0}
          decimalScale={10}
          hideControls
          w={220}
          data-autofocus={rate ? true : undefined}
        />
        <FormAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {crmSettingsText.cancel}
          </Button>
          <Button type="submit" loading={busy}>
            {rate ? crmSettingsText.save : text.add}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
