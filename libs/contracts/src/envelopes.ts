/** The answers that wrap a list in an object, named so the OpenAPI document can refer to them. */
import type {
  ChangeCalendarItem,
  ChangeSummary,
  ChangeTimelineItem,
  ProblemSummary,
  ProblemTimelineItem,
} from './changes';

/** `GET /changes`. */
export interface ChangeList {
  items: ChangeSummary[];
}

/** `GET /changes/calendar`. */
export interface ChangeCalendar {
  items: ChangeCalendarItem[];
}

/** `GET /changes/{id}/timeline`. */
export interface ChangeTimeline {
  items: ChangeTimelineItem[];
}

/** `GET /problems`. */
export interface ProblemList {
  items: ProblemSummary[];
}

/** `GET /problems/{id}/timeline`. */
export interface ProblemTimeline {
  items: ProblemTimelineItem[];
}

/** `POST /kb/preview`: the Markdown rendered and sanitised as the article page will show it. */
export interface KbPreview {
  html: string;
}

/** `POST /kb/articles/{id}/deflections`: how often the article answered a question before a ticket. */
export interface KbDeflections {
  deflections: number;
}
