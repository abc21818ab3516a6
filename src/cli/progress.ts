import { SingleBar, Presets } from 'cli-progress';

/**
 * Progress on stderr: a bar on a terminal once work has taken more than a
 * second; nothing when stderr is not a terminal (pipelines, CI logs).
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function createProgress(label: string): Progress {
  const start = Date.now();
  const tty = process.stderr.isTTY === true;
  let bar: SingleBar | undefined;
  return {
    update(done, total, step) {
      if (!tty || Date.now() - start < 1000) return;
      if (!bar) {
        bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} {step}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
        bar.start(total, done, { step: step ?? '' });
      }
      bar.setTotal(total);
      bar.update(done, { step: step ?? '' });
    },
    stop() {
      bar?.stop();
    },
  };
}
