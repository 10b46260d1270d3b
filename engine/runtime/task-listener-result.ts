/** What a task listener denied, and why (Camunda 8.8's `deniedReason`). */
export interface TaskDenial {
  eventType: 'assigning' | 'updating' | 'completing';
  reason: string;
  /**
   * When it was denied (workflow time, epoch ms), so a second denial with the same reason reads as new;
   * absent on denials recorded before it was kept.
   */
  deniedAt?: number;
}

/** The task attributes a task listener may correct (Camunda 8.8's job result `corrections`); null clears one. */
export interface TaskCorrections {
  assignee?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** ISO 8601. */
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
}

/** A task listener job's answer beyond completing it (Camunda 8.8's job result): deny the operation, correct the task, or both. */
export interface TaskListenerResult {
  denied?: boolean;
  deniedReason?: string;
  corrections?: TaskCorrections;
}
