// `rapport worker` with the fault test's job added: the same process code path (config, database,
// signals), plus one job that exists only for the test.
import { runWorker } from "../src/worker.ts";
import { faultJob } from "./fault-job.ts";

await runWorker((background) => ({ ...background, definitions: [...background.definitions, faultJob] }));
