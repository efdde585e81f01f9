// The main training loss of a run with several loss tags: the total, not one term of it (a KL
// term or a detection head's loss may rise by design; a GAN's D loss does not fall).
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "./run.ts";
import { assignRoles, preferredRoleKeys } from "./role_rules.ts";

function runWith(tags: string[], points = 50): TrainingRun {
  const out: TrainingRun = { name: "r", dirs: [], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  const d = new RunDir("r");
  for (const tag of tags) for (let i = 0; i < points; i++) d.scalar(tag).push(i, 0, 1);
  out.dirs.push(d);
  return out;
}

test("the total loss is the main training loss, whatever the names of its terms", () => {
  const cases: [string[], string][] = [
    [["loss/kl", "loss/recon", "loss/total"], "loss/total"],
    [["loss_cls", "loss_box_reg", "loss_rpn_cls", "total_loss"], "total_loss"],
    [["train/kl_loss", "train/recon_loss", "train/loss"], "train/loss"],
    [["Loss/D", "Loss/G"], "Loss/D"],
    [["train/box_loss", "train/cls_loss", "train/dfl_loss"], "train/box_loss"],
    [["loss", "loss_aux"], "loss"],
    [["kld_loss", "nll_loss"], "nll_loss"],
  ];
  for (const [tags, want] of cases) {
    const keys = preferredRoleKeys(assignRoles(runWith(tags)));
    assert.equal(keys.train_loss, want, tags.join(", "));
  }
});

test("a cross-entropy under its own name is a loss; an error rate is no accuracy", () => {
  const keys = preferredRoleKeys(assignRoles(runWith(["cross_entropy", "accuracy_1"])));
  assert.equal(keys.train_loss, "cross_entropy");
  assert.equal(keys.train_accuracy, "accuracy_1");
  const keras = preferredRoleKeys(assignRoles(runWith(["loss", "categorical_crossentropy", "val_loss", "val_categorical_crossentropy"])));
  assert.equal(keras.train_loss, "loss");
  assert.equal(keras.val_loss, "val_loss");
  const err = assignRoles(runWith(["train/loss", "top1_err", "val/error"]));
  assert.ok(!err.some((a) => a.role.endsWith("_accuracy")), JSON.stringify(err.map((a) => [a.key, a.role])));
});
