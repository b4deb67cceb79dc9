// Cheaper validation and serialisation for a hot route, the zod schema staying the authority. `fast` returns
// either exactly the value the zod schema would produce or undefined; undefined falls back to the schema (so a
// refused body gets the same error as anywhere else, and an unusual but valid one the same value). A property
// test per fast function checks "fast accepts ⇒ zod accepts with the same value" (e.g. checkins.fast.test.ts).
import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';

export function fastValidator<S, T>(fast: (data: unknown) => T | undefined): FastifySchemaCompiler<S> {
  return (route) => {
    const slow = validatorCompiler({ ...route, schema: route.schema as unknown as ZodType }) as ReturnType<FastifySchemaCompiler<S>>;
    if (route.httpPart !== 'body') return slow;
    return (data: unknown) => {
      const v = fast(data);
      return v === undefined ? slow(data) : { value: v };
    };
  };
}

/** A serializer that trusts the handler's (typed) answer: JSON.stringify without re-parsing it through zod.
 * For routes whose answer is built field by field by the server itself, never passed through from a row. */
export const trustedSerializer = () => (data: unknown) => JSON.stringify(data);
