import Joi from 'joi';
import { parseElementInstanceRef } from './domain/user-task-id';

/** Camunda's equality filter: a value, or `{"$eq": value}`. */
export const eq = <T extends Joi.Schema>(schema: T) => Joi.alternatives().try(schema, Joi.object({ $eq: schema.required() }));

/** An equality filter on a text field, described for the API docs. */
export const equality = (field: string) => eq(Joi.string().max(255)).description(`${field}: a value, or {"$eq": value}`);

export type Eq<T> = T | { $eq: T };

/** The value an equality filter names. */
export const valueOf = <T>(v: Eq<T> | undefined): T | undefined =>
  v !== null && typeof v === 'object' && '$eq' in v ? v.$eq : (v as T | undefined);

/** Camunda's offset page: 100 by default, at most 1000. */
export const searchPage = Joi.object({
  from: Joi.number().integer().min(0).max(100_000).default(0),
  limit: Joi.number().integer().min(1).max(1000).default(100),
});

/**
 * Camunda's page of a search answer. Flowdesk pages by offset only, so there are no cursors to give: they
 * are null, as Camunda's `SearchQueryPageResponse` allows (and its generated clients require them present).
 */
export const pageOf = (totalItems: number) => ({ totalItems, hasMoreTotalItems: false, startCursor: null, endCursor: null });

/** Camunda's sort, limited to one of `fields`. */
export const searchSort = (fields: readonly string[]) =>
  Joi.array()
    .items(
      Joi.object({
        field: Joi.string()
          .valid(...fields)
          .required(),
        order: Joi.string().valid('ASC', 'DESC', 'asc', 'desc').default('ASC'),
      }),
    )
    .max(1);

/** What a search's body holds once validated, and the order it asks for. */
export interface SearchBody<F extends string> {
  filter?: Record<string, unknown>;
  page?: { from: number; limit: number };
  sort?: Array<{ field: F; order: string }>;
}

export const descending = (sort: { order: string } | undefined) => sort?.order.toUpperCase() === 'DESC';

/** Camunda's filter on one of several values: a value of `schema`, `{"$eq": value}` or `{"$in": [values]}` (at most `max`). */
export const anyOf = (schema: Joi.StringSchema, max: number) =>
  Joi.alternatives().try(
    schema,
    Joi.object({ $eq: schema.required() }),
    Joi.object({ $in: Joi.array().items(schema).min(1).max(max).required() }),
  );

/** Camunda's filter on a state: one of `states`, `{"$eq": state}` or `{"$in": [states]}`. */
export const stateFilter = (states: readonly string[]) => anyOf(Joi.string().valid(...states), states.length);

export type AnyOf = Eq<string> | { $in: string[] };

/** The values an {@link anyOf} filter names. */
export const valuesOf = (filter: AnyOf): string[] =>
  typeof filter === 'object' && filter !== null && '$in' in filter ? filter.$in : [valueOf(filter)!];

/** A validated search body's page (Camunda's default: the first 100) and its one sort, `field` by default. */
export function pageAndSort<F extends string>(
  body: SearchBody<F>,
  field: F,
): { page: { from: number; limit: number }; sort: { field: F; order: 'ASC' | 'DESC' } } {
  const [sort] = body.sort ?? [];
  return { page: body.page ?? { from: 0, limit: 100 }, sort: { field: sort?.field ?? field, order: descending(sort) ? 'DESC' : 'ASC' } };
}

/**
 * A validated item search's filter (tasks, incidents) as its domain search takes it: each equality by
 * its value, `state` as the states it names, and the item's own key (`keyField`, `<process instance
 * id>.<key>`) parsed, a 400 naming `payload.filter.<keyField>` when it is not one.
 */
export function itemFilterOf<F>(filter: Record<string, unknown> | undefined, keyField: string, what: string): F {
  const { state, [keyField]: key, ...equalities } = filter ?? {};
  return {
    ...Object.fromEntries(Object.entries(equalities).map(([k, v]) => [k, valueOf(v as Eq<string>)])),
    ...(state !== undefined ? { states: valuesOf(state as AnyOf) } : {}),
    ...(key !== undefined ? { [keyField]: parseElementInstanceRef(valueOf(key as Eq<string>)!, `payload.filter.${keyField}`, what) } : {}),
  } as F;
}

/**
 * Camunda's advanced filter on a text, key or state: a value of `schema`, or `{$eq, $neq, $exists, $in,
 * $notIn, $like}` (`$like` with `*` and `?`; keys and states take it too, as Camunda's states do).
 */
export const textFilter = (schema: Joi.StringSchema, max = 100) =>
  Joi.alternatives().try(
    schema,
    Joi.object({
      $eq: schema,
      $neq: schema,
      $exists: Joi.boolean(),
      $in: Joi.array().items(schema).min(1).max(max),
      $notIn: Joi.array().items(schema).min(1).max(max),
      $like: Joi.string().max(255),
    }).min(1),
  );

const instant = Joi.string().isoDate();

/** Camunda's date-time filter: an instant, or `{$eq, $neq, $exists, $gt, $gte, $lt, $lte, $in}`. */
export const dateTimeFilter = Joi.alternatives().try(
  instant,
  Joi.object({
    $eq: instant,
    $neq: instant,
    $exists: Joi.boolean(),
    $gt: instant,
    $gte: instant,
    $lt: instant,
    $lte: instant,
    $in: Joi.array().items(instant).min(1).max(100),
  }).min(1),
);
