/** What the canned-responses plugin and its routes are given, apart: the routes need not import their plugin. */
export interface CannedResponsesOptions {
  publicUrl: string;
}
