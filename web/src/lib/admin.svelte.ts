// The admin token lives in this module's memory only: not in localStorage or sessionStorage,
// where any script on the origin could read it and where it would outlive the tab's use of it,
// and never in a URL. The cost is typing it again after a reload, acceptable for rare,
// destructive actions.
export const admin = $state({
  token: '',
  /** From GET /auth: false hides the admin actions; null (unknown, e.g. an older server) shows them. */
  enabled: null as boolean | null,
});
