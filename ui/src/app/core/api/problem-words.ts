import { ApiProblem, describeDetail } from './api-error';
import { ApiErrorDetail } from './api-types';

/**
 * The one place where an API problem (status + code + fields) becomes what a person at the desk reads.
 * The API's own messages are written for developers ("(payload.assigneeId): not in group network");
 * here they become sentences that say what happened and what to do. Unknown codes fall back to the
 * status, never to the raw text, except for problems that name diagram elements (the studio's).
 */
export interface ProblemWords {
  message: string;
  details: string[];
}

const BY_CODE: Record<string, string> = {
  NOT_YOUR_TICKET:
    'This ticket is another group’s work: only its members, its assignee or an admin can do that. Add an internal note, or reassign it.',
  ASSIGNEE_NOT_IN_GROUP: 'That person is not a member of the chosen group. Choose someone from the list.',
  ASSIGNEE_DOES_NOT_SERVE_ORGANIZATION:
    'That person does not work for this customer, so they could not even open the ticket. Choose someone from the list.',
  UNKNOWN_ASSIGNEE: 'That person no longer exists or has been deactivated. Choose someone else.',
  UNKNOWN_GROUP: 'That group does not exist (any more). Choose another one.',
  STALE_TICKET:
    'Someone changed this ticket while you were looking at it. The page now shows their change; do yours again if it still applies.',
  ACTION_NOT_AVAILABLE: 'The ticket has moved on and no longer waits for this. The page now shows what it waits for.',
  TICKET_PROCESS_ENDED: 'This ticket’s process has ended: nothing more can be done to it here.',
  TICKET_WITHOUT_PROCESS: 'This ticket has no process to act on.',
  TICKET_PROCESS_UNAVAILABLE: 'The ticket’s process cannot be reached right now. Try again in a moment.',
  NOT_AWAITING_CONFIRMATION: 'The ticket is not waiting for a confirmation any more.',
  NOT_THE_CALLER: 'Only the person who raised the ticket can answer this.',
  SURVEY_LINK_INVALID:
    'This survey link is not one we sent, or it was changed on the way. Open the link from the mail exactly as it is; nothing was stored.',
  SURVEY_LINK_EXPIRED: 'This survey link has expired, so it takes no answer any more. Thank you all the same.',
  SURVEY_ALREADY_ANSWERED: 'This survey was answered already: each link takes one answer. Thank you!',
  SURVEY_TICKET_NOT_FOUND: 'The ticket this survey asks about no longer exists.',
  NOT_RESOLVED: 'The survey opens once the ticket is resolved.',
  KB_ARTICLE_NOT_FOUND: 'There is no such article, or it is not offered to you.',
  KB_VERSION_IN_REVIEW: 'A version of this article is in review: a reviewer decides it before anyone writes a new draft.',
  KB_VERSION_STATE: 'That version has moved on (someone submitted, published or rejected it). The page now shows where it is.',
  KB_OWN_VERSION: 'You wrote this version, so another reviewer decides it.',
  KB_CATEGORY_EXISTS: 'A category of that name exists already: choose it from the list.',
  UNKNOWN_KB_CATEGORY: 'That category no longer exists. Choose another one.',
  NOT_CLOSED: 'The survey opens once the ticket is closed.',
  ALREADY_ANSWERED: 'This has already been answered.',
  LINK_EXISTS: 'These tickets are already linked that way.',
  SELF_LINK: 'A ticket cannot be linked to itself.',
  UNKNOWN_TICKET: 'There is no ticket with that number that you may see.',
  TICKET_NOT_FOUND: 'This ticket does not exist, or it belongs to a customer you do not serve.',
  FIELD_NOT_ALLOWED: 'Some of this is decided by the service desk, not by you.',
  EMPTY_REPLY: 'That canned response has nothing to say for this ticket. Write the reply yourself.',
  ATTACHMENT_TOO_LARGE: 'The file is too large to attach.',
  ATTACHMENT_TYPE_NOT_ALLOWED: 'Files of this type cannot be attached.',
  ATTACHMENT_CONTENT_MISMATCH: 'The file is not what its name says it is, so it was not attached.',
  TASK_NOT_OPEN: 'This task has already been completed, or it was withdrawn.',
  TASK_NOT_ASSIGNED_TO_YOU: 'This task is assigned to someone else.',
};

const BY_STATUS: Record<number, string> = {
  0: 'Flowdesk cannot be reached. Check your connection and try again; nothing was saved.',
  400: 'Some of what you entered needs another look.',
  401: 'Your session has ended. Sign in again.',
  403: 'You are not allowed to do that.',
  404: 'This no longer exists, or it is not yours to see.',
  409: 'Something changed meanwhile. The page shows it as it is now; try again if it still applies.',
  413: 'The file is too large.',
  415: 'Files of this type are not accepted.',
  422: 'This cannot be done as asked.',
  429: 'Too many requests at once. Wait a moment and try again.',
};
const SERVER_TROUBLE =
  'Something went wrong on the Flowdesk server; nothing was changed. Try again, and tell your administrator if it keeps happening.';

/** What the fields of our forms are called on screen. */
const FIELD_LABELS: Record<string, string> = {
  assigneeId: 'Agent',
  assignmentGroup: 'Group',
  group: 'Group',
  resolutionCode: 'Resolution code',
  resolutionNotes: 'Resolution notes',
  body: 'Message',
  reply: 'Question',
  category: 'Category',
  subcategory: 'Subcategory',
  service: 'Service',
  impact: 'Impact',
  urgency: 'Urgency',
  title: 'Title',
  description: 'Description',
  phone: 'Phone',
  email: 'E-mail',
  q: 'Search',
  version: 'Version',
};

/** Field-level words for the codes that concern one field. */
const FIELD_BY_CODE: Record<string, string> = {
  ASSIGNEE_NOT_IN_GROUP: 'is not a member of this group',
  ASSIGNEE_DOES_NOT_SERVE_ORGANIZATION: 'does not work for this customer',
  UNKNOWN_ASSIGNEE: 'is no longer active',
  UNKNOWN_GROUP: 'does not exist',
};

export function problemInWords(problem: ApiProblem): ProblemWords {
  // Diagram problems name elements: the studio shows them against the diagram, in their own words.
  if (problem.details.some((d) => d.elementId)) return { message: problem.message, details: problem.details.map(describeDetail) };
  const message = (problem.code && BY_CODE[problem.code]) || byStatus(problem);
  const details = problem.details.filter((d) => d.field).map((d) => `${fieldLabel(d)}: ${fieldInWords(d, problem.code)}`);
  return { message, details };
}

/**
 * Without a code of ours the problem comes from the framework (validation, scopes, an unknown path):
 * its text is for developers, the status says enough. With a code we have no words for, the API's
 * domain sentence is the best there is.
 */
function byStatus(problem: ApiProblem): string {
  if (problem.status === 0) return BY_STATUS[0]!;
  if (problem.status >= 500) return SERVER_TROUBLE;
  if (!problem.code && BY_STATUS[problem.status]) return BY_STATUS[problem.status]!;
  return problem.message;
}

/** A field's problem as the sentence shown next to it (without the field's name, which the label gives). */
export function fieldInWords(detail: ApiErrorDetail, code?: string): string {
  if (code && FIELD_BY_CODE[code]) return capitalise(FIELD_BY_CODE[code]) + '.';
  const text = detail.message.replace(/^"[^"]+"\s*/, '');
  const rules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
    [/^is required/, () => 'This is required.'],
    [/^is not allowed to be empty/, () => 'This cannot be empty.'],
    [/^is not allowed/, () => 'This cannot be set here.'],
    [/^must be one of/, () => 'Choose one of the offered values.'],
    [/length must be at least (\d+)/, (m) => `Write at least ${m[1]} characters.`],
    [/length must be less than or equal to (\d+)/, (m) => `Keep it to ${m[1]} characters or fewer.`],
    [/fails to match the (.+) pattern/, (m) => `Enter a valid ${m[1]}.`],
    [/must be a valid email/, () => 'Enter a valid e-mail address.'],
    [/must be a valid GUID/, () => 'Choose from the list.'],
  ];
  for (const [pattern, words] of rules) {
    const match = text.match(pattern);
    if (match) return words(match);
  }
  return capitalise(text.replace(/\.$/, '')) + '.';
}

function fieldLabel(detail: ApiErrorDetail): string {
  const name = detail.field?.split('.').at(-1) ?? '';
  return FIELD_LABELS[name] ?? name;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
