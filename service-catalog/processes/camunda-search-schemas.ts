import Joi from 'joi';

/** Camunda's equality filter: a value, or `{"$eq": value}`. */
export const eq = <T extends Joi.Schema>(schema: T) => Joi.alternatives().try(schema, Joi.object({ $eq: schema.required() }));

export type Eq<T> = T | { $eq: T };

/** The value an equality filter names. */
export const valueOf = <T>(v: Eq<T> | undefined): T | undefined =>
  v !== null && typeof v === 'object' && '$eq' in v ? v.$eq : (v as T | undefined);

/** Camunda's offset page: 100 by default, at most 1000. */
export const searchPage = Joi.object({
  from: Joi.number().integer().min(0).max(100_000).default(0),
  limit: Joi.number().integer().min(1).max(1000).default(100),
});

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
