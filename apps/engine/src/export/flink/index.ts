/**
 * A pipeline as a Flink SQL script (`rivulet export --target flink-sql`), faithful or refused.
 *
 * Each node becomes a view over its input's view, so the script reads in the pipeline's order.
 * A stream is its visible fields (typed, sampled from the input) plus hidden columns: `__rt`,
 * the event time (Flink's rowtime attribute, whose watermark the source table declares), and
 * `__k0…`, the key values a keyBy took, which windows group by and output under the key
 * fields' names (as Rivulet, which keeps the key a record had at its keyBy).
 *
 * What cannot be exported with the same results is refused with a problem naming the node and
 * the param, and no script is written: generators, lookups, patterns, dedupe, dashboards and
 * MQTT have no Flink SQL counterpart here; SQL windows drop late rows, so allowed lateness and
 * late ports are refused; HOP needs a size that is a multiple of its slide.
 */
import type { SinkKafkaParams, SourceKafkaParams } from '@rivulet/operators';
import type { Problem, Result } from '@rivulet/shared-types';
import { planPipeline, type NodePlan } from '../../plan.js';
import type { ValidPipeline } from '../../validate.js';
import {
  asColumn,
  expressionToSql,
  SQL_TYPE,
  truthy,
  type Kind,
  type Scope,
  type Sql,
} from './expr.js';
import { readTopicValues } from '../../connectors/kafka.js';
import { SAMPLE_LINES, sampleJsonLines, sampleLines, type Sampled } from './sample.js';
import { epochMs, ident, interval, stringLiteral } from './sql.js';

export interface ExportOptions {
  /** Each `sink.file` writes into `<sinkDir>/<node id>/` instead of its own path. */
  sinkDir?: string;
}

/** A column of a stream: its SQL type, and its kind as expressions see it. */
interface Column {
  type: string;
  kind: Kind;
  /** Whole numbers only (sampled so, or counted). */
  integer?: boolean;
}

interface Stream {
  /** The view (or table) that holds it. */
  relation: string;
  fields: Map<string, Column>;
  /** Names of the fields the stream is keyed by, in order; null when not keyed. */
  keyFields: readonly string[] | null;
  /** The types of the key columns `__k0…`: those of the fields at their keyBy. */
  keyColumns: readonly Column[];
  /** Whether it has an event time (`__rt`, a rowtime attribute). */
  time: boolean;
}

const RT = '__rt';
/** The Kafka timestamp, when a metadata field wants it in ms. */
const KTS = '__kts';
/** The relation of an input that could not be exported (its problems are named). */
const UNKNOWN = '?';
const key = (i: number) => `__k${i}`;
const HIDDEN = /^__(rt|kts|k[0-9]+)$/;

const SETTINGS = [
  ["'table.local-time-zone'", "'UTC'", 'window bounds and time functions in UTC'],
  ["'pipeline.auto-watermark-interval'", "'0'", 'a watermark after every record, as Rivulet'],
  [
    "'table.optimizer.agg-phase-strategy'",
    "'ONE_PHASE'",
    'aggregate records in arrival order (floating-point sums as Rivulet adds them)',
  ],
  [
    "'parallelism.default'",
    "'1'",
    'one reader per source, so the same records are late as in Rivulet; raise it for throughput (only which records count as late may then change)',
  ],
] as const;

const NOT_EXPORTABLE: Readonly<Record<string, string>> = {
  'source.generator':
    'a generator cannot be exported: Flink SQL has no such source; write its events to a file once (a pipeline of the generator and a sink.file, run with `rivulet run`) and read that file with source.file',
  'source.mqtt': 'source.mqtt cannot be exported: Flink has no MQTT connector',
  'sink.mqtt': 'sink.mqtt cannot be exported: Flink has no MQTT connector',
  'sink.dashboard': "a dashboard sink cannot be exported: it shows records in Rivulet's studio",
  'join.lookup':
    'join.lookup cannot be exported: its table is a file loaded at start, which Flink SQL has no exact counterpart for',
  pattern:
    "pattern cannot be exported: each match holds its steps' whole records (a list for a repeated step), which a flat Flink SQL row cannot carry as Rivulet writes them, and MATCH_RECOGNIZE's rows are consecutive where pattern lets other records come in between (Flink CEP's followedBy)",
  dedupe:
    "dedupe cannot be exported exactly: Flink SQL's deduplication forgets keys by processing time (state TTL), not after `ttl` of event time",
};

/** The script, or every problem that prevents a faithful export. */
export async function exportFlinkSql(
  pipeline: ValidPipeline,
  options: ExportOptions = {},
): Promise<Result<string>> {
  const builder = new ScriptBuilder(pipeline, options);
  await builder.build();
  return builder.problems.length > 0
    ? { ok: false, problems: builder.problems }
    : { ok: true, value: builder.script() };
}

class ScriptBuilder {
  readonly problems: Problem[] = [];
  private readonly statements: string[] = [];
  private readonly inserts: string[] = [];
  private readonly notes: string[] = [];
  private readonly streams = new Map<string, Stream>();
  /** Whether a sink commits on checkpoints (Kafka exactly-once), so the job must take them. */
  private checkpoints = false;
  private readonly plan: ReturnType<typeof planPipeline>;

  constructor(
    private readonly pipeline: ValidPipeline,
    private readonly options: ExportOptions,
  ) {
    this.plan = planPipeline(pipeline);
  }

  async build(): Promise<void> {
    for (const node of this.plan.nodes) {
      const refused = NOT_EXPORTABLE[node.node.def.type];
      if (refused !== undefined) {
        this.problem(node, refused);
        continue;
      }
      for (const [port, edges] of node.outgoing) {
        if (port === 'errors' || port === 'late') {
          this.problem(
            node,
            port === 'late'
              ? `its late port is connected (to ${edges.map((e) => `"${e.target}"`).join(', ')}): Flink SQL drops late rows and has no such output`
              : `its errors port is connected (to ${edges.map((e) => `"${e.target}"`).join(', ')}): dead letters have no Flink SQL output`,
          );
        }
      }
      // An input that could not be exported has been named already: its place is taken by a
      // stream of unknown fields, so that this node's own problems are named too.
      const inputs = node.incoming.map((e) => this.streams.get(e.source) ?? this.unknown(e.source));
      const stream = await this.node(node, inputs);
      if (stream !== null) this.streams.set(node.node.id, stream);
    }
  }

  script(): string {
    const name = this.pipeline.doc.name;
    const lines = [
      `-- ${name.replaceAll('\n', ' ')}: exported by \`rivulet export --target flink-sql\` for Apache Flink 2.3.`,
      "-- Run it with Flink's SQL client (`sql-client.sh -f <this file>`) or `rivulet flink run`.",
      ...this.notes.map((n) => `-- ${n}`),
      '',
      ...SETTINGS.map(([k, v, why]) => `-- ${why}\nSET ${k} = ${v};`),
      ...(this.checkpoints
        ? [
            '-- exactly-once Kafka sinks commit on checkpoints',
            `SET 'execution.checkpointing.interval' = '${this.pipeline.checkpointIntervalMs || 10_000} ms';`,
          ]
        : []),
      '',
      ...this.statements.map((s) => `${s};\n`),
    ];
    if (this.inserts.length === 1) lines.push(`${this.inserts[0]};`);
    else {
      lines.push('EXECUTE STATEMENT SET BEGIN');
      for (const insert of this.inserts) lines.push(`${insert};`);
      lines.push('END;');
    }
    return lines.join('\n') + '\n';
  }

  private unknown(id: string): Stream {
    const keyFields = this.plan.byId.get(id)!.keyFields;
    const keyColumns = (keyFields ?? []).map((): Column => ({ type: 'STRING', kind: 'null' }));
    return { relation: UNKNOWN, fields: new Map(), keyFields, keyColumns, time: true };
  }

  private problem(node: NodePlan, message: string, path?: (string | number)[]): void {
    this.problems.push({ nodeId: node.node.id, ...(path ? { path } : {}), message });
  }

  private view(name: string, select: string): string {
    const relation = ident(`v_${name}`);
    this.statements.push(`CREATE TEMPORARY VIEW ${relation} AS\n${select}`);
    return relation;
  }

  private async node(node: NodePlan, inputs: Stream[]): Promise<Stream | null> {
    const params = node.node.params as Record<string, unknown>;
    const input = inputs[0]!;
    switch (node.node.def.type) {
      case 'source.file':
        return this.sourceFile(node, params);
      case 'source.kafka':
        return this.sourceKafka(node, params as unknown as SourceKafkaParams);
      case 'sink.kafka':
        return this.sinkKafka(node, input, params as unknown as SinkKafkaParams);
      case 'filter':
        return this.filter(node, input, params.expr as string);
      case 'map':
        return this.map(
          node,
          input,
          params.fields as Record<string, string>,
          params.keep as boolean,
        );
      case 'keyBy':
        return this.keyBy(node, input, params.fields as string[]);
      case 'window':
        return this.window(node, input, params);
      case 'topN':
        return this.topN(node, input, params);
      case 'union':
        return this.union(node, inputs);
      case 'join.interval':
        return this.join(node, params);
      case 'sink.file':
      case 'sink.console':
        return this.sink(node, input, params);
      default:
        this.problem(node, `${node.node.def.type} cannot be exported to Flink SQL yet`);
        return null;
    }
  }

  // ---- sources ----

  private async sourceFile(
    node: NodePlan,
    params: Record<string, unknown>,
  ): Promise<Stream | null> {
    const path = params.path as string;
    const eventTime = params.eventTime as { field: string; maxOutOfOrderness: number } | undefined;
    if (params.format === 'csv') {
      this.problem(
        node,
        "CSV input cannot be exported: Rivulet reads its header row and makes numeric cells numbers, which Flink's csv format does not",
        ['format'],
      );
      return null;
    }
    let sampled;
    try {
      sampled = await sampleJsonLines(path, eventTime?.field);
    } catch (error) {
      this.problem(
        node,
        `cannot read the input to learn its fields: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        ['path'],
      );
      return null;
    }
    if (params.rate !== undefined) {
      this.notes.push(
        `"${node.node.id}": params.rate (paced replay) is not exported; Flink reads as fast as it can.`,
      );
    }
    return this.sourceTable(node, sampled, ['path'], eventTime, new Map(), {
      connector: 'filesystem',
      path: fileUri(path),
      format: 'json',
      'json.fail-on-missing-field': 'false',
    });
  }

  private async sourceKafka(node: NodePlan, params: SourceKafkaParams): Promise<Stream | null> {
    const eventTime = params.eventTime;
    let values: string[] | null;
    try {
      values = await readTopicValues(params.bootstrapServers, params.topic, {
        limitPerPartition: SAMPLE_LINES,
      });
    } catch (error) {
      values = null;
      this.problem(node, `cannot read the topic to learn its fields: ${(error as Error).message}`, [
        'topic',
      ]);
      return null;
    }
    if (values === null || values.length === 0) {
      this.problem(
        node,
        `topic "${params.topic}" ${values === null ? 'does not exist' : 'is empty'}: the export learns the fields of its messages from the topic`,
        ['topic'],
      );
      return null;
    }
    const sampled = await sampleLines(values, eventTime?.field, 'message');
    const metadata = params.metadata ?? {};
    /** Metadata fields: their SQL declaration. */
    const declared = new Map<string, string>();
    const meta: [string | undefined, string][] = [
      [metadata.partition, "INT METADATA FROM 'partition' VIRTUAL"],
      [metadata.offset, "BIGINT METADATA FROM 'offset' VIRTUAL"],
    ];
    for (const [name, declaration] of meta) {
      if (name === undefined) continue;
      sampled.fields.set(name, 'number');
      sampled.integers.add(name);
      declared.set(name, declaration);
    }
    const options: Record<string, string> = {
      connector: 'kafka',
      topic: params.topic,
      'properties.bootstrap.servers': params.bootstrapServers.join(','),
      'properties.group.id': params.groupId,
      'properties.isolation.level': 'read_committed',
      'scan.startup.mode':
        params.startFrom === 'earliest'
          ? 'earliest-offset'
          : params.startFrom === 'latest'
            ? 'latest-offset'
            : 'group-offsets',
      'properties.auto.offset.reset': 'earliest',
    };
    if (metadata.key !== undefined) {
      // The key as text: raw bytes as UTF-8, null when absent (as Rivulet's metadata.key).
      sampled.fields.delete(metadata.key);
      sampled.fields.set(metadata.key, 'string');
      Object.assign(options, {
        'key.format': 'raw',
        'key.fields': metadata.key,
        'value.format': 'json',
        'value.json.fail-on-missing-field': 'false',
        'value.fields-include': 'EXCEPT_KEY',
      });
    } else Object.assign(options, { format: 'json', 'json.fail-on-missing-field': 'false' });
    if (eventTime?.idleTimeout !== undefined) {
      options['scan.watermark.idle-timeout'] = `${eventTime.idleTimeout} ms`;
    }
    if (metadata.timestamp !== undefined) {
      sampled.fields.set(metadata.timestamp, 'number');
      sampled.integers.add(metadata.timestamp);
      declared.set(metadata.timestamp, `AS ${epochMs(`CAST(${ident(KTS)} AS TIMESTAMP(3))`)}`);
    }
    const time =
      eventTime === undefined
        ? { maxOutOfOrderness: 0 }
        : {
            maxOutOfOrderness: eventTime.maxOutOfOrderness,
            ...(eventTime.field ? { field: eventTime.field } : {}),
          };
    return this.sourceTable(node, sampled, ['topic'], time, declared, options);
  }

  /**
   * A source table of the sampled fields and the event time: a field of whole ms, or (no
   * field) the Kafka timestamp; with the watermark Rivulet's rule gives (spec §3).
   */
  private sourceTable(
    node: NodePlan,
    sampled: Sampled,
    path: string[],
    eventTime: { field?: string; maxOutOfOrderness: number } | undefined,
    declared: ReadonlyMap<string, string>,
    options: Record<string, string>,
  ): Stream | null {
    for (const p of sampled.problems) this.problem(node, p, path);
    if (sampled.problems.length > 0) return null;
    for (const name of sampled.fields.keys()) {
      if (HIDDEN.test(name)) {
        this.problem(node, `field "${name}" has a name the export uses for its own columns`, path);
        return null;
      }
    }
    if (sampled.truncated) {
      this.notes.push(
        `Fields of "${node.node.id}" were declared from the first ${sampled.lines} records of its input.`,
      );
    }
    const timeField = eventTime?.field;
    if (timeField !== undefined && !sampled.fields.has(timeField)) {
      sampled.fields.set(timeField, 'number');
      sampled.integers.add(timeField);
    }
    const fields = new Map<string, Column>();
    const columns: string[] = [];
    for (const [name, kind] of sampled.fields) {
      const declaration = declared.get(name);
      // Whole numbers Flink makes (the event time, metadata) are BIGINT, or INT for partitions.
      const type = declaration?.startsWith('INT ')
        ? 'INT'
        : name === timeField || declaration !== undefined
          ? 'BIGINT'
          : kind === 'null'
            ? 'STRING'
            : SQL_TYPE[kind];
      columns.push(
        `  ${ident(name)} ${declaration?.startsWith('AS ') ? declaration : (declaration ?? type)}`,
      );
      fields.set(name, {
        type,
        kind: kind === 'null' ? 'null' : kind,
        ...(sampled.integers.has(name) ? { integer: true } : {}),
      });
    }
    if ([...declared.values()].some((d) => d.includes(ident(KTS)))) {
      columns.push(`  ${ident(KTS)} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL`);
    }
    if (eventTime !== undefined) {
      if (timeField !== undefined) {
        columns.push(`  ${ident(RT)} AS TO_TIMESTAMP_LTZ(${ident(timeField)}, 3)`);
      } else columns.push(`  ${ident(RT)} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL`);
      // Rivulet's watermark is max - maxOutOfOrderness - 1; Flink's is the expression's value.
      columns.push(
        `  WATERMARK FOR ${ident(RT)} AS ${ident(RT)} - ${interval(eventTime.maxOutOfOrderness + 1)}`,
      );
    }
    const table = ident(`src_${node.node.id}`);
    this.statements.push(
      `CREATE TEMPORARY TABLE ${table} (\n${columns.join(',\n')}\n) WITH (\n${withOptions(options)}\n)`,
    );
    return {
      relation: table,
      fields,
      keyFields: null,
      keyColumns: [],
      time: eventTime !== undefined,
    };
  }

  // ---- transforms ----

  private scope(stream: Stream): Scope {
    return (name) => {
      const column = stream.fields.get(name);
      if (column === undefined) return null;
      const text =
        column.kind === 'number' && column.type !== 'DOUBLE'
          ? `CAST(${ident(name)} AS DOUBLE)`
          : ident(name);
      return { text, kind: column.kind, ...(column.integer ? { integer: true } : {}) };
    };
  }

  private expression(
    node: NodePlan,
    stream: Stream,
    text: string,
    path: (string | number)[],
  ): Sql | null {
    const translated = expressionToSql(text, this.scope(stream));
    if (translated.ok) return translated.sql;
    for (const p of translated.problems) this.problem(node, p, path);
    return null;
  }

  /** The hidden columns of a stream, to carry them through a view. */
  private hidden(stream: Stream): string[] {
    return [
      ...(stream.keyFields ?? []).map((_, i) => ident(key(i))),
      ...(stream.time ? [ident(RT)] : []),
    ];
  }

  private filter(node: NodePlan, input: Stream, expr: string): Stream | null {
    const condition = this.expression(node, input, expr, ['expr']);
    if (condition === null) return null;
    const relation = this.view(
      node.node.id,
      `SELECT * FROM ${input.relation}\nWHERE ${truthy(condition)}`,
    );
    return { ...input, relation };
  }

  private map(
    node: NodePlan,
    input: Stream,
    computed: Record<string, string>,
    keep: boolean,
  ): Stream | null {
    const fields = new Map<string, Column>();
    const select: string[] = [];
    if (keep) {
      for (const [name, column] of input.fields) {
        if (Object.hasOwn(computed, name)) continue;
        fields.set(name, column);
        select.push(ident(name));
      }
    }
    let ok = true;
    for (const [name, text] of Object.entries(computed)) {
      if (HIDDEN.test(name)) {
        this.problem(node, `field "${name}" has a name the export uses for its own columns`, [
          'fields',
          name,
        ]);
        ok = false;
        continue;
      }
      const sql = this.expression(node, input, text, ['fields', name]);
      if (sql === null) {
        ok = false;
        continue;
      }
      const column = asColumn(sql);
      fields.set(name, {
        type: column.type,
        kind: sql.kind,
        ...(sql.integer ? { integer: true } : {}),
      });
      select.push(`${column.text} AS ${ident(name)}`);
    }
    if (!ok) return null;
    select.push(...this.hidden(input));
    const relation = this.view(node.node.id, `SELECT ${select.join(', ')}\nFROM ${input.relation}`);
    return { ...input, relation, fields };
  }

  private keyBy(node: NodePlan, input: Stream, keyFields: string[]): Stream {
    const keys = keyFields.map((name, i) => {
      const column = input.fields.get(name);
      return `${column ? ident(name) : 'CAST(NULL AS STRING)'} AS ${ident(key(i))}`;
    });
    const visible = [...input.fields.keys()].map(ident);
    const relation = this.view(
      node.node.id,
      `SELECT ${[...visible, ...keys, ...(input.time ? [ident(RT)] : [])].join(', ')}\nFROM ${input.relation}`,
    );
    // Key columns keep the type of the field they were taken from.
    const keyColumns = keyFields.map(
      (name): Column => input.fields.get(name) ?? { type: 'STRING', kind: 'null' },
    );
    return { ...input, relation, keyFields, keyColumns };
  }

  private needsTime(node: NodePlan, input: Stream): boolean {
    if (input.time) return true;
    this.problem(
      node,
      'needs event time: its input has none (a source without eventTime, or the output of a join.interval, whose time Flink SQL does not keep as one)',
    );
    return false;
  }

  /** TUMBLE or HOP over a view; null (with a problem) when Flink SQL cannot express it. */
  private windowTvf(
    node: NodePlan,
    relation: string,
    kind: string,
    size: number,
    slide: number | undefined,
    path: (string | number)[],
    partition: string[],
    gap?: number,
  ): string | null {
    const on = `TABLE ${relation}`;
    const time = `DESCRIPTOR(${ident(RT)})`;
    if (kind === 'tumbling') return `TUMBLE(${on}, ${time}, ${interval(size)})`;
    if (kind === 'sliding') {
      if (size % slide! !== 0) {
        this.problem(
          node,
          `Flink SQL's HOP needs a size that is a whole multiple of the slide (${size} ms is not a multiple of ${slide} ms)`,
          [...path, 'slide'],
        );
        return null;
      }
      // HOP takes the slide before the size.
      return `HOP(${on}, ${time}, ${interval(slide!)}, ${interval(size)})`;
    }
    const by = partition.length > 0 ? ` PARTITION BY ${partition.join(', ')}` : '';
    return `SESSION(${on}${by}, ${time}, ${interval(gap!)})`;
  }

  private window(node: NodePlan, input: Stream, params: Record<string, unknown>): Stream | null {
    const lateness = params.allowedLateness as number;
    let ok = this.needsTime(node, input);
    if (lateness > 0) {
      this.problem(
        node,
        'allowed lateness cannot be exported: Flink SQL windows drop late rows instead of firing again',
        ['allowedLateness'],
      );
      ok = false;
    }
    const keys = (input.keyFields ?? []).map((_, i) => ident(key(i)));
    const tvf = this.windowTvf(
      node,
      input.relation,
      params.kind as string,
      params.size as number,
      params.slide as number | undefined,
      [],
      keys,
      params.gap as number | undefined,
    );
    if (!ok || tvf === null) return null;
    const fields = new Map<string, Column>();
    const select: string[] = [];
    const aggregations = params.aggregations as { fn: string; field?: string; as: string }[];
    // The window's own fields are written after the key's, so they win a clash, as in Rivulet.
    const own = new Set(['windowStart', 'windowEnd', ...aggregations.map((a) => a.as)]);
    input.keyFields?.forEach((name, i) => {
      if (own.has(name)) return;
      fields.set(name, input.keyColumns[i]!);
      select.push(`${ident(key(i))} AS ${ident(name)}`);
    });
    select.push(`${epochMs('window_start')} AS ${ident('windowStart')}`);
    select.push(`${epochMs('window_end')} AS ${ident('windowEnd')}`);
    fields.set('windowStart', { type: 'BIGINT', kind: 'number', integer: true });
    fields.set('windowEnd', { type: 'BIGINT', kind: 'number', integer: true });
    for (const agg of aggregations) {
      const { text, column } = aggregate(agg, input.fields.get(agg.field ?? ''), agg.field);
      fields.set(agg.as, column);
      select.push(`${text} AS ${ident(agg.as)}`);
    }
    select.push(...keys, `window_time AS ${ident(RT)}`);
    const group = ['window_start', 'window_end', 'window_time', ...keys].join(', ');
    const relation = this.view(
      node.node.id,
      `SELECT ${select.join(',\n  ')}\nFROM TABLE(${tvf})\nGROUP BY ${group}`,
    );
    return { ...input, relation, fields, time: true };
  }

  private topN(node: NodePlan, input: Stream, params: Record<string, unknown>): Stream | null {
    let ok = this.needsTime(node, input);
    if ((params.allowedLateness as number) > 0) {
      this.problem(
        node,
        'allowed lateness cannot be exported: Flink SQL windows drop late rows instead of ranking again',
        ['allowedLateness'],
      );
      ok = false;
    }
    const by = params.by as string;
    const column = input.fields.get(by);
    // Records whose `by` is not a number are ignored, as Rivulet does.
    const ranked = this.view(
      `${node.node.id}_ranked`,
      `SELECT * FROM ${input.relation}\nWHERE ${column?.kind === 'number' ? `${ident(by)} IS NOT NULL` : 'FALSE'}`,
    );
    const window = params.window as { kind: string; size: number; slide?: number };
    const tvf = this.windowTvf(
      node,
      ranked,
      window.kind,
      window.size,
      window.slide,
      ['window'],
      [],
    );
    if (!ok || tvf === null) return null;
    const partitionBy = params.partitionBy as string[] | undefined;
    const partition = partitionBy
      ? partitionBy.map((f) => (input.fields.has(f) ? ident(f) : 'CAST(NULL AS STRING)'))
      : (input.keyFields ?? []).map((_, i) => ident(key(i)));
    const order = params.order === 'asc' ? 'ASC' : 'DESC';
    const fields = new Map<string, Column>();
    const select: string[] = [];
    for (const [name, c] of input.fields) {
      if (name === 'rank' || name === 'windowStart' || name === 'windowEnd') continue;
      fields.set(name, c);
      select.push(ident(name));
    }
    select.push(`${ident('__rank')} AS ${ident('rank')}`);
    select.push(`${epochMs('window_start')} AS ${ident('windowStart')}`);
    select.push(`${epochMs('window_end')} AS ${ident('windowEnd')}`);
    fields.set('rank', { type: 'BIGINT', kind: 'number', integer: true });
    fields.set('windowStart', { type: 'BIGINT', kind: 'number', integer: true });
    fields.set('windowEnd', { type: 'BIGINT', kind: 'number', integer: true });
    select.push(...(input.keyFields ?? []).map((_, i) => ident(key(i))));
    select.push(`window_time AS ${ident(RT)}`);
    const over = ['window_start', 'window_end', ...partition].join(', ');
    const relation = this.view(
      node.node.id,
      `SELECT ${select.join(', ')}\nFROM (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY ${over} ORDER BY ${ident(by)} ${order}) AS ${ident('__rank')}\n  FROM TABLE(${tvf})\n)\nWHERE ${ident('__rank')} <= ${params.n as number}`,
    );
    return { ...input, relation, fields, time: true };
  }

  private union(node: NodePlan, inputs: Stream[]): Stream | null {
    const fields = new Map<string, Column>();
    for (const input of inputs) {
      for (const [name, column] of input.fields) {
        const before = fields.get(name);
        if (before === undefined || before.kind === 'null') fields.set(name, column);
        else if (column.kind !== 'null' && column.kind !== before.kind) {
          this.problem(
            node,
            `field "${name}" is ${before.kind} in one input and ${column.kind} in another: Flink SQL's UNION needs one type per column`,
          );
          return null;
        }
      }
    }
    const time = inputs.every((s) => s.time);
    const keyFields = node.keyFields;
    const parts = inputs.map((input) => {
      const select = [...fields].map(([name, column]) => {
        const own = input.fields.get(name);
        if (own === undefined) return `CAST(NULL AS ${column.type}) AS ${ident(name)}`;
        return own.type === column.type
          ? ident(name)
          : `CAST(${ident(name)} AS ${column.type}) AS ${ident(name)}`;
      });
      if (keyFields) select.push(...keyFields.map((_, i) => ident(key(i))));
      if (time) select.push(ident(RT));
      return `SELECT ${select.join(', ')} FROM ${input.relation}`;
    });
    const relation = this.view(node.node.id, parts.join('\nUNION ALL\n'));
    const keyColumns = keyFields ? inputs[0]!.keyColumns : [];
    return { relation, fields, keyFields, keyColumns, time };
  }

  private join(node: NodePlan, params: Record<string, unknown>): Stream | null {
    const side = (port: string) => {
      const edge = node.incoming.find((e) => e.targetHandle === port)!;
      return this.streams.get(edge.source)!;
    };
    const left = side('left');
    const right = side('right');
    let ok = this.needsTime(node, left) && this.needsTime(node, right);
    if (!left.keyFields || !right.keyFields || left.keyFields.length !== right.keyFields.length) {
      this.problem(
        node,
        'both inputs must be keyed (by keyBy) on the same number of fields: Flink SQL joins on equal keys',
      );
      ok = false;
    }
    if (!ok) return null;
    const lowerBound = params.lowerBound as number;
    const upperBound = params.upperBound as number;
    const shift = (ms: number) => (ms < 0 ? `- ${interval(-ms)}` : `+ ${interval(ms)}`);
    const fields = new Map<string, Column>();
    const columns = new Map<string, string>();
    for (const [stream, alias, prefix] of [
      [left, 'l', params.leftPrefix as string],
      [right, 'r', params.rightPrefix as string],
    ] as const) {
      for (const [name, column] of stream.fields) {
        // On a clash the right value wins, as in Rivulet.
        fields.set(prefix + name, column);
        columns.set(prefix + name, `${alias}.${ident(name)}`);
      }
    }
    const keys = left.keyFields!.map(
      (_, i) => `l.${ident(key(i))} IS NOT DISTINCT FROM r.${ident(key(i))}`,
    );
    const select = [...columns].map(([name, from]) => `${from} AS ${ident(name)}`);
    select.push(...left.keyFields!.map((_, i) => `l.${ident(key(i))} AS ${ident(key(i))}`));
    const relation = this.view(
      node.node.id,
      `SELECT ${select.join(', ')}\nFROM ${left.relation} l, ${right.relation} r\nWHERE ${keys.join(' AND ')}\n  AND r.${ident(RT)} BETWEEN l.${ident(RT)} ${shift(lowerBound)} AND l.${ident(RT)} ${shift(upperBound)}`,
    );
    return { ...left, relation, fields, time: false };
  }

  // ---- sinks ----

  private sink(node: NodePlan, input: Stream, params: Record<string, unknown>): null {
    if (node.node.def.type === 'sink.console')
      return this.sinkTable(node, input, { connector: 'print' });
    const path =
      this.options.sinkDir !== undefined
        ? `${this.options.sinkDir.replace(/\/+$/, '')}/${node.node.id}`
        : (params.path as string);
    this.notes.push(`"${node.node.id}" writes a folder of part files at ${path}`);
    return this.sinkTable(node, input, {
      connector: 'filesystem',
      path: fileUri(path),
      format: 'json',
    });
  }

  private sinkKafka(node: NodePlan, input: Stream, params: SinkKafkaParams): null {
    const options: Record<string, string> = {
      connector: 'kafka',
      topic: params.topic,
      'properties.bootstrap.servers': params.bootstrapServers.join(','),
      'sink.delivery-guarantee': params.delivery,
    };
    if (params.delivery === 'exactly-once') {
      options['sink.transactional-id-prefix'] =
        params.transactionalIdPrefix ??
        `${this.pipeline.doc.name}-${node.node.id}`.replace(/[^A-Za-z0-9._-]/g, '_');
      this.checkpoints = true;
    }
    if (params.key !== undefined) {
      const column = input.fields.get(params.key);
      if (column !== undefined && column.kind !== 'string' && column.kind !== 'null') {
        this.problem(
          node,
          `the key field "${params.key}" holds ${column.kind === 'number' ? 'numbers' : 'booleans'}: Rivulet writes them as JSON text, Flink's raw key format as binary; key by a text field`,
          ['key'],
        );
        return null;
      }
      Object.assign(options, {
        'key.format': 'raw',
        'key.fields': params.key,
        'value.format': 'json',
        'value.fields-include': 'ALL',
      });
    } else options.format = 'json';
    return this.sinkTable(node, input, options);
  }

  private sinkTable(node: NodePlan, input: Stream, options: Record<string, string>): null {
    if (input.relation === UNKNOWN) return null;
    const table = ident(`sink_${node.node.id}`);
    const columns = [...input.fields].map(([name, c]) => `  ${ident(name)} ${c.type}`);
    if (columns.length === 0) {
      this.problem(node, 'its records have no fields that the export knows of');
      return null;
    }
    this.statements.push(
      `CREATE TEMPORARY TABLE ${table} (\n${columns.join(',\n')}\n) WITH (\n${withOptions(options)}\n)`,
    );
    this.inserts.push(
      `INSERT INTO ${table}\nSELECT ${[...input.fields.keys()].map(ident).join(', ')} FROM ${input.relation}`,
    );
    return null;
  }
}

/** One aggregation as Rivulet computes it (spec §5): numbers only for sum, avg, min, max. */
function aggregate(
  agg: { fn: string; field?: string },
  column: Column | undefined,
  field: string | undefined,
): { text: string; column: Column } {
  const number: Column = { type: 'DOUBLE', kind: 'number' };
  const count: Column = { type: 'BIGINT', kind: 'number', integer: true };
  const value = column === undefined ? 'NULL' : ident(field!);
  const numeric = column?.kind === 'number' ? `CAST(${value} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  switch (agg.fn) {
    case 'count':
      return {
        text:
          field === undefined
            ? 'COUNT(*)'
            : column === undefined
              ? 'CAST(0 AS BIGINT)'
              : `COUNT(${value})`,
        column: count,
      };
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return { text: `${agg.fn.toUpperCase()}(${numeric})`, column: number };
    case 'countDistinct':
      return {
        text: column === undefined ? 'CAST(0 AS BIGINT)' : `COUNT(DISTINCT ${value})`,
        column: count,
      };
    default: {
      // first and last: the first and last non-null value by arrival.
      const fn = agg.fn === 'first' ? 'FIRST_VALUE' : 'LAST_VALUE';
      if (column === undefined)
        return { text: 'CAST(NULL AS STRING)', column: { type: 'STRING', kind: 'null' } };
      return { text: `${fn}(${value})`, column };
    }
  }
}

function fileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}

function withOptions(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([k, v]) => `  ${stringLiteral(k)} = ${stringLiteral(v)}`)
    .join(',\n');
}
