import Joi from 'joi';

/** The active ad-hoc sub-processes of an instance that may be told to activate elements now, and which (the view's `adHocSubProcesses`). */
export const activatableAdHocs = Joi.array()
  .items(
    Joi.object({
      key: Joi.number().required().description('its element instance key: the activation API takes `<instance id>.<key>`'),
      elementId: Joi.string().required(),
      name: Joi.string(),
      activatable: Joi.array()
        .items(Joi.object({ elementId: Joi.string().required(), name: Joi.string() }).label('ActivatableElement'))
        .required(),
    }).label('ActivatableAdHocSubProcess'),
  )
  .description('active ad-hoc sub-processes that may be told to activate elements now, and which');
