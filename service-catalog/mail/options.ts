/** What the mail plugin and its routes are given: in a file of its own, so routes need not import the plugin that mounts them. */
export interface OutgoingMailSettings {
  publicUrl: string;
}
