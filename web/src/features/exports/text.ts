export const exportsText = {
  menu: "Export",
  menuLabel: (noun: string) => `Export these ${noun}`,
  csv: "CSV (spreadsheet)",
  json: "JSON",
  vcf: "vCard (contacts app)",
  hint: "Exports every record of the current view and filter, with the visible columns.",
};
