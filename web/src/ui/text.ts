/** Text of the shared components. */
export const uiText = {
  copy: "Copy",
  copied: "Copied",
  cancel: "Cancel",
  confirm: "Confirm",
  edit: "Edit",
  delete: "Delete",
  loading: "Loading…",
  errorTitle: "Something went wrong",
  retry: "Try again",
  notFoundTitle: "Page not found",
  notFoundBody: "The page you asked for does not exist.",
  goHome: "Go to Rapport",
};
