import type { LevelFigures } from "../load/stats.js";
import type { Counts } from "../options.js";
import type { BaselineFigures } from "../sections/baseline.js";
import type { ScaleFigures } from "../sections/data-scale.js";
import type { HostileFigures } from "../sections/hostile.js";
import type { StartupFigures } from "../sections/startup.js";
import type { WorkersFigures } from "../sections/workers.js";
import type { MachineDetails } from "./machine.js";

/** The figures of one repetition of the throughput parts. */
export interface RunFigures {
  baseline?: BaselineFigures;
  acs?: { sqlite: LevelFigures[]; postgres?: LevelFigures[]; fixtureMs: number };
  /** (3): ACS logins/s at concurrency 8 over baseline validations/s. */
  ratio?: number;
  /** (3) in CPU time: node-saml's CPU per validation over the server's CPU per sign-in at c=8. */
  cpuRatio?: number;
  workers?: WorkersFigures;
  scale?: ScaleFigures;
  hostile?: HostileFigures;
}

export interface TargetVerdict {
  target: string;
  value: string;
  met: boolean;
}

export interface BenchResults {
  benchmark: "mitel-mock-sp";
  machine: MachineDetails;
  options: {
    quick: boolean;
    sections: string[];
    counts: Counts;
    logLevel: string;
    postgres: boolean;
    repeat: number;
  };
  /** How each part is measured, for whoever reads the figures later. */
  method: Record<string, string>;
  runs: RunFigures[];
  startup?: StartupFigures;
  targets: TargetVerdict[];
  durationSeconds: number;
}
