// Demo data for a new installation: two experiments, a dozen checkpoints with real
// files on disk, and two models with several versions, notes and metadata.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  createModel, listModels, mergeModelMetadata, registerVersion, reportCheckpoint, saveCheckpointFiles, systemActor,
  type Actor, type TCheckpoint,
} from "../registry";

type Exp = {
  name: string;
  framework: string;
  format: string;
  metric: string;
  trials: Array<Record<string, unknown>>;
  weightsFile: string;
};

const experiments: Exp[] = [
  {
    name: "mnist-pytorch-cnn",
    framework: "torch-2.4.1",
    format: "pytorch",
    metric: "validation_loss",
    trials: [{ lr: 0.01, dropout: 0.25, n_filters: 32 }, { lr: 0.003, dropout: 0.5, n_filters: 64 }],
    weightsFile: "state_dict.pth",
  },
  {
    name: "iris-tf-keras",
    framework: "tensorflow-2.16.1",
    format: "saved_model",
    metric: "val_categorical_accuracy",
    trials: [{ lr: 0.05, layer1_units: 16 }, { lr: 0.02, layer1_units: 32 }],
    weightsFile: "variables/variables.data-00000-of-00001",
  },
];

/** Deterministic pseudo-random bytes so the demo files have real, stable contents. */
function weights(seed: string, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let block = crypto.createHash("sha256").update(seed).digest();
  for (let i = 0; i < bytes; i += block.length) {
    block.copy(out, i);
    block = crypto.createHash("sha256").update(block).digest();
  }
  return out;
}

async function makeCheckpoints(actor: Actor, exp: Exp, log: (l: string) => void): Promise<TCheckpoint[]> {
  const out: TCheckpoint[] = [];
  let trialId: number | undefined;
  let checkpointIndex = 0;
  for (const [t, hparams] of exp.trials.entries()) {
    trialId = undefined;
    for (let step = 1; step <= 3; step++) {
      checkpointIndex++;
      const batches = step * 400;
      const quality = 1 - 0.6 / (step + t);
      const validationMetrics = exp.metric === "validation_loss"
        ? { validation_loss: +(0.35 / (step + t)).toFixed(4), accuracy: +quality.toFixed(4) }
        : { val_categorical_accuracy: +quality.toFixed(4), val_loss: +(0.5 / (step + t)).toFixed(4) };
      const cp = await reportCheckpoint({ actor, input: {
        experiment: {
          name: exp.name,
          config: {
            name: exp.name,
            searcher: { name: "grid", metric: exp.metric, smaller_is_better: exp.metric.includes("loss"), max_length: { batches: 1200 } },
            hyperparameters: Object.fromEntries(Object.keys(hparams).map((k) => [k, { type: "categorical" }])),
            checkpoint_storage: { type: "shared_fs" },
          },
          searcherMetric: exp.metric,
        },
        trial: { id: trialId, hparams },
        batchNumber: batches,
        framework: exp.framework,
        format: exp.format,
        metadata: { steps_completed: batches, framework: exp.framework, format: exp.format },
        trainingMetrics: { avgMetrics: { loss: +(0.5 / (step + t)).toFixed(4) } },
        validationMetrics,
        searcherMetric: validationMetrics[exp.metric as keyof typeof validationMetrics],
        reportTime: new Date(Date.now() - (20 - checkpointIndex) * 3_600_000),
      } });
      trialId = cp.trialId ?? undefined;
      const saved = await saveCheckpointFiles({ actor, uuid: cp.uuid, fill: async (dir) => {
        const file = path.join(dir, exp.weightsFile);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, weights(cp.uuid, 24_576 + step * 4096));
        await fs.writeFile(path.join(dir, "config.yaml"), `name: ${exp.name}\nhyperparameters:\n${Object.entries(hparams).map(([k, v]) => `  ${k}: ${v}`).join("\n")}\n`);
        await fs.writeFile(path.join(dir, "metadata.json"), JSON.stringify({ steps_completed: batches, framework: exp.framework, format: exp.format }, null, 2));
      } });
      out.push(saved);
    }
  }
  log(`demo: experiment ${exp.name} with ${out.length} checkpoints`);
  return out;
}

const mnistNotes = `# MNIST digit classifier

Convolutional network trained on MNIST. **Version 3 is in production** behind the
\`digits-api\` service.

| version | use | owner |
|---|---|---|
| 3 | production | @alice |
| 2 | shadow traffic | @bob |

## Checklist before promoting a version

- [x] validation loss below 0.1
- [x] latency under 5 ms on CPU
- [ ] bias review signed off

\`\`\`python
from determined.experimental import Determined
model = Determined().get_model("mnist-digits")
ckpt = model.get_version().checkpoint
path = ckpt.download()
\`\`\`
`;

const irisNotes = `# Iris species classifier

Small Keras MLP; used as the smoke test for the serving stack.

1. Input: sepal and petal length/width (cm).
2. Output: one of *setosa*, *versicolor*, *virginica*.

> Retrain when the upstream dataset snapshot changes.
`;

/** Loads the demo data unless the registry already has models. Returns whether it did. */
export async function seedDemoData({ log = console.log }: { log?: (l: string) => void } = {}): Promise<boolean> {
  const actor = await systemActor("demo seed");
  if ((await listModels({ reader: actor, limit: 1 })).total > 0) return false;
  const [mnist, iris] = [await makeCheckpoints(actor, experiments[0], log), await makeCheckpoints(actor, experiments[1], log)];

  const digits = await createModel({ actor, input: {
    name: "mnist-digits",
    description: "Handwritten digit classifier (CNN) served by digits-api",
    labels: ["vision", "production", "pytorch"],
    notes: mnistNotes,
    metadata: {
      dataset_url: "s3://datasets/mnist/v3",
      git_commit: "https://git.example.com/ml/digits/commit/4f2a9c1",
      owner: "vision-team",
    },
  } });
  const picks = [mnist[0], mnist[1], mnist[4], mnist[5]];
  const comments = ["Baseline", "More epochs", "Wider filters (trial 2)", "Best validation loss"];
  for (const [i, cp] of picks.entries()) {
    await registerVersion({ actor, model: digits.name, checkpointUuid: cp.uuid, input: {
      name: i === 2 ? "production" : "",
      comment: comments[i],
      labels: i === 2 ? ["prod"] : i === 3 ? ["candidate"] : [],
      metadata: { validation_loss: cp.validationMetrics.validation_loss },
    } });
  }
  await mergeModelMetadata({ actor, model: digits.name, input: { set: { metrics: { test_set_loss: 0.091, test_set_acc: 0.97 } } } });

  const irisModel = await createModel({ actor, input: {
    name: "iris-classifier",
    description: "Keras MLP for the Iris dataset; serving smoke test",
    labels: ["tabular", "tensorflow"],
    notes: irisNotes,
    metadata: { dataset_url: "https://archive.ics.uci.edu/dataset/53/iris", rows: 150 },
  } });
  for (const [i, cp] of [iris[2], iris[3], iris[5]].entries()) {
    await registerVersion({
      actor, model: irisModel.name, checkpointUuid: cp.uuid,
      input: { comment: `Trial ${cp.trialId}, batch ${cp.batchNumber}`, labels: i === 2 ? ["latest"] : [] },
    });
  }
  log("demo: models mnist-digits (4 versions) and iris-classifier (3 versions)");
  return true;
}
