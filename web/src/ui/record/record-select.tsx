import { MultiSelect, Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { CustomFieldObject, Filter } from "@rapport/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api } from "../../app/api.ts";
import { NAME_FIELD, recordName } from "./record-names.ts";
import { recordText } from "./text.ts";

type Named = Parameters<typeof recordName>[0];

function useRecordOptions(object: CustomFieldObject, selected: string[], search: string) {
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const list = (filter: Filter | null) =>
    api<{ data: Named[] }>(
      "GET",
      `/${object}?limit=20${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ""}`,
    );
  const chosen = useQuery({
    queryKey: ["records", object, "ids", selected],
    queryFn: () => list({ field: "id", op: "in", value: selected }),
    enabled: selected.length > 0,
    staleTime: 60_000,
  });
  // A single select shows the chosen record's name as its search text: that is not a search.
  const term = chosen.data?.data.some((r) => recordName(r) === debounced) ? "" : debounced;
  const found = useQuery({
    queryKey: ["records", object, "search", term],
    queryFn: () => list(term ? { field: NAME_FIELD[object], op: "contains", value: term } : null),
    placeholderData: keepPreviousData,
  });
  return useMemo(() => {
    const options = new Map<string, string>();
    for (const record of [...(chosen.data?.data ?? []), ...(found.data?.data ?? [])]) {
      options.set(record.id, recordName(record));
    }
    // Keep a selected id selectable until its name arrives.
    for (const id of selected) if (!options.has(id)) options.set(id, "…");
    return [...options].map(([value, label]) => ({ value, label }));
  }, [chosen.data, found.data, selected]);
}

type Common = {
  object: CustomFieldObject;
  label: string;
  error?: unknown;
  required?: boolean;
  description?: string;
};

/** Picks one record of an object, searching the API as you type. */
export function RecordSelect({
  value,
  onChange,
  ...props
}: Common & { value: string | null; onChange: (value: string | null) => void }) {
  const [search, setSearch] = useState("");
  const data = useRecordOptions(props.object, value ? [value] : [], search);
  return (
    <Select
      label={props.label}
      description={props.description}
      required={props.required}
      error={props.error as string | undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered; a selected record's own label must not hide the others.
      filter={({ options }) => options}
      placeholder={recordText.searchRecords}
      nothingFoundMessage={recordText.nothingFound}
    />
  );
}

/** Picks several records of an object, searching the API as you type. */
export function RecordMultiSelect({
  value,
  onChange,
  ...props
}: Common & { value: string[]; onChange: (value: string[]) => void }) {
  const [search, setSearch] = useState("");
  const data = useRecordOptions(props.object, value, search);
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      required={props.required}
      error={props.error as string | undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={value.length ? undefined : recordText.searchRecords}
      nothingFoundMessage={recordText.nothingFound}
    />
  );
}
