/** Text of the shared table. */
export const tableText = {
  selectAll: "Select all loaded rows",
  selectRow: (name: string) => `Select ${name}`,
  sortBy: (label: string) => `Sort by ${label}. Shift-click to add it to the sort.`,
  sortedAscending: "ascending",
  sortedDescending: "descending",
  reorderColumn: (label: string) => `Move column ${label}`,
  resizeColumn: (label: string) => `Resize column ${label}`,
  columns: "Columns",
  columnsHint: "Choose the columns to show; drag to reorder.",
  moveUp: (label: string) => `Move ${label} up`,
  moveDown: (label: string) => `Move ${label} down`,
  records: (count: number) => `${count.toLocaleString()} ${count === 1 ? "record" : "records"}`,
  recordsLoaded: (loaded: number, total: number | undefined) =>
    total === undefined
      ? `${loaded.toLocaleString()} loaded`
      : `${loaded.toLocaleString()} of ${total.toLocaleString()} loaded`,
  loadingMore: "Loading more…",
  selected: (count: number) => `${count.toLocaleString()} selected`,
  clearSelection: "Clear selection",
  empty: "Nothing matches.",
  emptyHint: "Change the filter or search to see more.",
  loadFailed: "Could not load the rows.",
  retry: "Try again",
  edit: (label: string) => `Edit ${label}`,
  save: "Save",
  cancel: "Cancel",
  saving: "Saving…",
  conflict:
    "Someone else changed this record since you loaded it. Reload to see their change, then edit again.",
  reload: "Reload",
  noValue: "—",
  yes: "Yes",
  no: "No",
  total: "Total",
  gridHelp: "Arrow keys move between cells, Enter edits, Escape cancels.",
};
