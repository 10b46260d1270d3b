import type { Behaviour } from '../behaviour';

/** None start, end and intermediate events: the token passes; an end event simply has no outgoing flow. */
export const NoneEventBehaviour: Behaviour = {
  execute(run, _node, instance) {
    run.complete(instance);
  },
};
