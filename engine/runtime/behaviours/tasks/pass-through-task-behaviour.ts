import type { Behaviour } from '../behaviour';

/** Abstract and manual tasks: done by someone outside the engine, so the token moves on. */
export const PassThroughTaskBehaviour: Behaviour = {
  execute(run, _node, instance) {
    run.complete(instance);
  },
};
