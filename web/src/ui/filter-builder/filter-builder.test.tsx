import type { Filter } from "@rapport/core";
import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { renderUi } from "../../test/render.tsx";
import { FilterBuilder } from "./filter-builder.tsx";
import { type BuilderField, type DraftFilter, fromFilter, toFilter } from "./model.ts";

const fields: BuilderField[] = [
  { path: "name", type: "text" },
  { path: "amount", type: "money" },
  { path: "expectedCloseDate", type: "date" },
  { path: "ownerId", type: "user" },
  { path: "company.industry", type: "text" },
  { path: "custom.tier", type: "enum", options: ["gold", "silver"] },
];
const labels: Record<string, string> = {
  name: "Name",
  amount: "Amount",
  expectedCloseDate: "Expected close",
  ownerId: "Owner",
  "company.industry": "Company › Industry",
  "custom.tier": "Tier",
};
const resolve = (path: string) => fields.find((f) => f.path === path);

type Result = { filter: Filter | null };

function Harness({ initial, result }: { initial: Filter | null; result: Result }) {
  const [draft, setDraft] = useState<DraftFilter>(fromFilter(initial)!);
  result.filter = toFilter(draft, resolve);
  return (
    <FilterBuilder
      fields={fields}
      value={draft}
      onChange={setDraft}
      users={[{ value: "0190a5e4-0000-7000-8000-000000000001", label: "Olive Owner" }]}
      fieldLabel={(p) => labels[p] ?? p}
    />
  );
}

/** Renders the builder and reports the filter it currently writes. */
function setup(initial: Filter | null = null) {
  const result: Result = { filter: initial };
  renderUi(<Harness initial={initial} result={result} />);
  return result;
}

async function pick(label: string, option: string, scope: HTMLElement = document.body) {
  await userEvent.click(within(scope).getAllByRole("textbox", { name: label }).at(-1)!);
  await userEvent.click(await screen.findByRole("option", { name: option }));
}

describe("FilterBuilder", () => {
  it("adds a condition and writes the filter language as it is edited", async () => {
    const result = setup();
    expect(screen.getByText(/No conditions/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    expect(result.filter).toEqual({ and: [{ field: "name", op: "contains", value: "" }] });

    await userEvent.type(screen.getByRole("textbox", { name: "Value" }), "Acme");
    expect(result.filter).toEqual({ and: [{ field: "name", op: "contains", value: "Acme" }] });

    await pick("Operator", "starts with");
    expect(result.filter).toEqual({ and: [{ field: "name", op: "startsWith", value: "Acme" }] });
    await pick("Operator", "is empty");
    expect(result.filter).toEqual({ and: [{ field: "name", op: "isEmpty" }] });
    expect(screen.queryByRole("textbox", { name: "Value" })).toBeNull();
  });

  it("offers relation paths and custom fields, with the operators of their type", async () => {
    const result = setup();
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    await pick("Field", "Company › Industry");
    await userEvent.type(screen.getByRole("textbox", { name: "Value" }), "Software");
    expect(result.filter).toEqual({
      and: [{ field: "company.industry", op: "contains", value: "Software" }],
    });

    await pick("Field", "Amount");
    await pick("Operator", "between");
    fireEvent.change(screen.getByRole("spinbutton", { name: "From" }), { target: { value: "100" } });
    fireEvent.change(screen.getByRole("spinbutton", { name: "To" }), { target: { value: "250.5" } });
    expect(result.filter).toEqual({ and: [{ field: "amount", op: "between", value: [100, 250.5] }] });

    await pick("Field", "Tier");
    await pick("Value", "gold");
    expect(result.filter).toEqual({ and: [{ field: "custom.tier", op: "eq", value: "gold" }] });
  });

  it("writes relative dates and 'me'", async () => {
    const result = setup();
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    await pick("Field", "Expected close");
    await pick("Operator", "on or after");
    await pick("Value", "in the last n days");
    expect(result.filter).toEqual({
      and: [{ field: "expectedCloseDate", op: "gte", value: { relative: "last_n_days", n: 30 } }],
    });
    const days = screen.getByRole("textbox", { name: "Days" });
    await userEvent.clear(days);
    await userEvent.type(days, "7");
    expect(result.filter).toEqual({
      and: [{ field: "expectedCloseDate", op: "gte", value: { relative: "last_n_days", n: 7 } }],
    });
    await pick("Value", "this quarter");
    expect(result.filter).toEqual({
      and: [{ field: "expectedCloseDate", op: "gte", value: { relative: "this_quarter" } }],
    });

    await pick("Field", "Owner");
    await pick("Value", "Me");
    expect(result.filter).toEqual({ and: [{ field: "ownerId", op: "eq", value: "me" }] });
  });

  it("builds and/or groups", async () => {
    const result = setup({ field: "name", op: "contains", value: "a" });
    await userEvent.click(screen.getByRole("button", { name: "Add group" }));
    const group = screen.getByTestId("filter-group");
    await userEvent.type(within(group).getByRole("textbox", { name: "Value" }), "b");
    await userEvent.click(within(group).getByRole("button", { name: "Add condition to group" }));
    await userEvent.type(within(group).getAllByRole("textbox", { name: "Value" })[1]!, "c");
    expect(result.filter).toEqual({
      and: [
        { field: "name", op: "contains", value: "a" },
        {
          or: [
            { field: "name", op: "contains", value: "b" },
            { field: "name", op: "contains", value: "c" },
          ],
        },
      ],
    });
    await pick("Match", "Any of these");
    expect(result.filter).toMatchObject({ or: [{ field: "name" }, { or: [{}, {}] }] });

    await userEvent.click(screen.getByRole("button", { name: "Remove group" }));
    expect(result.filter).toEqual({ or: [{ field: "name", op: "contains", value: "a" }] });
  });

  it("shows the same problems the server would, beside the condition", async () => {
    setup({ field: "amount", op: "gt", value: 1 });
    const value = screen.getByRole("spinbutton", { name: "Value" });
    fireEvent.change(value, { target: { value: "" } });
    expect(await screen.findByText(/Expected a number/)).toBeTruthy();
  });
});
