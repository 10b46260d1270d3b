import type { Behaviour } from '../behaviour';

/** None start and intermediate events, and boundary events once triggered: the token passes on. */
export const NoneEventBehaviour: Behaviour = {
  execute(run, _node, instance) {
    run.complete(instance);
  },
};
