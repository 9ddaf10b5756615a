// Mail throughput: how many outbox mails per second the worker sends to a local SMTP sink.
// Per run, N mails are written to the mail outbox in one INSERT (as a burst of notifications would
// be), the worker's sweeper is woken by the insert's NOTIFY, and the bench times until the sink has
// received all of them; then it checks each arrived exactly once and every row is marked sent.
// A second phase does the same with a 100 KB attachment per mail (report-sized mail).
//
//   node test/bench/mail-throughput.bench.mjs [--runs 3] [--mails 5000] [--large 500]
import { randomBytes } from 'node:crypto';
import {
  connectDb,
  fmt,
  main,
  median,
  parseOptions,
  printTable,
  sampleCpu,
  cpuLine,
  sleep,
  startStack,
} from './lib.mjs';

const opts = parseOptions({ mails: 5000, large: 500 });

async function smtpSink() {
  const { SMTPServer } = await import('smtp-server');
  const ids = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c) => {
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        ids.push({ id: /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '?', at: performance.now() });
        callback();
      });
    },
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return {
    ids,
    port: server.server.address().port,
    stop: () => new Promise((r) => server.close(r)),
  };
}

const HTML = `<!DOCTYPE html><html><body><table width="600"><tr><td><h1>Tiket baru</h1><p>${'Isi pemberitahuan. '.repeat(60)}</p></td></tr></table></body></html>`;
const TEXT = 'Isi pemberitahuan. '.repeat(60);

await main(async () => {
  console.log(
    `# bench: mail throughput to a local SMTP sink, ${opts.runs} run(s) of ${opts.mails.toLocaleString('en')} mails ` +
      `(~3 KB) and ${opts.large.toLocaleString('en')} mails with a 100 KB attachment`,
  );
  const sink = await smtpSink();
  const stack = await startStack({ name: 'mail', env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}` } });
  const { db } = await connectDb(stack.databaseUrl);
  const attachment = randomBytes(100 * 1024);

  async function burst(tag, n, withAttachment) {
    // Only this burst's mail counts (the demo data's notifications go to the same sink).
    const mine = () => sink.ids.filter((m) => m.id.startsWith(`<${tag}-`)).map((m) => m.id);
    const mineAt = () => sink.ids.filter((m) => m.id.startsWith(`<${tag}-`)).map((m) => m.at);
    const cpu = sampleCpu(stack);
    const t0 = performance.now();
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO mail_message (kind, recipient, subject, html, text, status, next_attempt_at, message_id, dedupe_key)
       SELECT 'bench', 'user' || i || '@bench.go.id', 'Bench ' || $1 || ' #' || i, $2, $3, 'queued', now(),
              '<' || $1 || '-' || i || '@bench.go.id>', 'bench_' || $1 || '_' || i
         FROM generate_series(1, $4::int) AS i`,
      [tag, HTML, TEXT, n],
    );
    if (withAttachment) {
      await db.query(
        `INSERT INTO mail_attachment (mail_id, position, file_name, content_type, size_bytes, content)
         SELECT id, 0, 'laporan.pdf', 'application/pdf', length($2::bytea), $2::bytea
           FROM mail_message WHERE dedupe_key LIKE 'bench\\_' || $1 || '\\_%'`,
        [tag, attachment],
      );
    }
    await db.query('COMMIT');
    const written = performance.now();
    let firstAt = 0;
    for (let got = 0; got < n; got = mine().length) {
      if (got && !firstAt) firstAt = performance.now();
      if (performance.now() - t0 > 600_000) throw new Error(`${tag}: only ${got} of ${n} mails in 600 s`);
      await sleep(20);
    }
    const seconds = (Math.max(...mineAt()) - t0) / 1000;
    const pct = cpu.stop();
    await sleep(1500); // a duplicate would show up now
    const got = mine();
    const unique = new Set(got).size;
    const {
      rows: [s],
    } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS total
         FROM mail_message WHERE dedupe_key LIKE 'bench\\_' || $1 || '\\_%'`,
      [tag],
    );
    const ok = got.length === n && unique === n && s.sent === n;
    console.log(
      `  ${tag.padEnd(12)} ${n} mails in ${fmt(seconds, 2)} s = ${fmt(n / seconds, 0)} mails/s ` +
        `(written in ${fmt(written - t0, 0)} ms, first arrived after ${fmt(firstAt - t0, 0)} ms); received ${got.length}, distinct ${unique}, rows sent ${s.sent}/${s.total} ` +
        `${ok ? 'OK' : 'MISMATCH'}\n  ${''.padEnd(12)} CPU (% of one core): ${cpuLine(pct)}`,
    );
    if (!ok) throw new Error(`${tag}: mail lost or duplicated`);
    return n / seconds;
  }

  await burst('warmup', 200, false);
  const small = [];
  const large = [];
  for (let run = 1; run <= opts.runs; run++) {
    console.log(`\nrun ${run}/${opts.runs}`);
    small.push(await burst(`small-${run}`, opts.mails, false));
    large.push(await burst(`large-${run}`, opts.large, true));
  }
  console.log(`\n## mail throughput: median of ${opts.runs} run(s)`);
  printTable([
    ['mail', 'mails/s (median)', 'runs'],
    ['~3 KB notification', fmt(median(small), 0), small.map((x) => fmt(x, 0)).join(' / ')],
    ['with 100 KB attachment', fmt(median(large), 0), large.map((x) => fmt(x, 0)).join(' / ')],
  ]);
  await sink.stop();
  return 0;
});
