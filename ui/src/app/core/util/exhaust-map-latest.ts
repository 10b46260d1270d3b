import { Observable, type OperatorFunction, type Subscription } from 'rxjs';

/**
 * Like `exhaustMap`, a trigger never cancels a run under way; unlike it, triggers that arrive meanwhile
 * are not lost: they cause exactly one more run, with the last of them, once the current one ends. A
 * change announced while a slow read was already under way is therefore always read.
 */
export function exhaustMapLatest<T, R>(work: (trigger: T) => Observable<R>): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let inner: Subscription | null = null;
      let pending: { value: T } | null = null;
      let sourceDone = false;
      const run = (value: T) => {
        inner = work(value).subscribe({
          next: (result) => subscriber.next(result),
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            inner = null;
            const next = pending;
            pending = null;
            if (next) run(next.value);
            else if (sourceDone) subscriber.complete();
          },
        });
      };
      const outer = source.subscribe({
        next: (value) => {
          if (inner) pending = { value };
          else run(value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          if (!inner) subscriber.complete();
        },
      });
      return () => {
        outer.unsubscribe();
        inner?.unsubscribe();
      };
    });
}
