// Which cause codes count as a correct diagnosis of each zoo fault. The fault's own code always
// counts; an alternative is accepted only where the injected fault works through it (each entry
// says why). Variant-specific entries apply to variants whose name matches.

export const ACCEPTED: Record<string, { codes: string[]; why: string }> = {
  learning_rate_too_high: {
    codes: ["exploding_gradient"],
    why: "a step size that overshoots makes gradients grow without bound: the gradients did explode",
  },
  exploding_gradient: {
    codes: ["weight_init_too_large"],
    why: "the zoo injects explosion through a large init gain / recurrent gain, i.e. initial weights far too large",
  },
  vanishing_gradient: { codes: ["activation_saturation"], why: "deep sigmoid/tanh nets lose the gradient through saturated units" },
  weight_init_too_large: {
    codes: ["exploding_gradient", "activation_saturation"],
    why: "huge initial weights blow up (ReLU) or saturate (tanh/sigmoid) the activations",
  },
  overfitting: {
    codes: ["too_many_epochs", "insufficient_data"],
    why: "the zoo overfits by a tiny train set trained for long: both are the overfitting's own causes",
  },
  batch_size_too_large: {
    codes: ["learning_rate_too_low"],
    why: "the fault is a full/huge batch with a small-batch learning rate: the per-epoch step is too small, raising the learning rate is the other fix",
  },
  wrong_loss_function: {
    codes: ["wrong_output_activation"],
    why: "a softmax/sigmoid output before a logits loss is equally an output-activation error",
  },
};

export const ACCEPTED_BY_VARIANT: { fault: string; variant: RegExp; codes: string[]; why: string }[] = [
  {
    fault: "numerical_instability",
    variant: /high_lr/,
    codes: ["learning_rate_too_high"],
    why: "this variant adds a high learning rate to the unprotected log",
  },
  {
    fault: "dead_relu",
    variant: /huge_first_step/,
    codes: ["learning_rate_too_high"],
    why: "the units die from one huge learning-rate step",
  },
  {
    fault: "weight_init_zero",
    variant: /relu/,
    codes: ["dead_relu"],
    why: "with all-zero weights every ReLU unit outputs 0 for every input and passes no gradient: the units are dead from the first step",
  },
];

export function acceptedCauses(fault: string, variant: string): Set<string> {
  const out = new Set<string>([fault]);
  for (const c of ACCEPTED[fault]?.codes ?? []) out.add(c);
  for (const v of ACCEPTED_BY_VARIANT) if (v.fault === fault && v.variant.test(variant)) for (const c of v.codes) out.add(c);
  return out;
}
