// CPU of validating the queue view's query string with the api's global pipe, in this process: a
// query text seen for the first time (class-transformer + class-validator) against one remembered
// (`@PureQuery()`), alternated (docs/read-path-performance.md).
//
//   TS_NODE_PROJECT=tsconfig.json TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register \
//     -r tsconfig-paths/register test/bench/reads-validation.bench.ts [rounds]
import 'reflect-metadata';
import { ListTicketsQuery } from '@desk/tickets';
import { createValidationPipe } from '../../apps/api/src/http/validation';

const pipe = createValidationPipe();
const metadata = { type: 'query' as const, metatype: ListTicketsQuery, data: undefined };
const rounds = Number(process.argv[2] ?? 3000);

/** ms of CPU per call; `fresh`: every call a query text not seen before (a cursor of its own). */
async function cpu(fresh: boolean, salt: number): Promise<number> {
  const t = process.cpuUsage();
  for (let i = 0; i < rounds; i++)
    await pipe.transform(
      { sort: 'due', status: 'open', limit: '25', ...(fresh && { cursor: `c${salt}-${i}` }) },
      metadata,
    );
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / rounds;
}

void (async () => {
  await cpu(true, 0);
  await cpu(false, 0);
  const fresh: number[] = [];
  const remembered: number[] = [];
  for (let i = 1; i <= 5; i++) {
    fresh.push(await cpu(true, i));
    remembered.push(await cpu(false, i));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
  console.log(
    `?sort=due&status=open&limit=25: a new query text ${median(fresh).toFixed(4)} ms CPU, ` +
      `remembered ${median(remembered).toFixed(4)} ms CPU (medians of 5 x ${rounds})`,
  );
})();
