// A heap snapshot of this process (v8.getHeapSnapshot(), which collects garbage first), read for
// the few questions the memory tests ask: how many copies of a string are alive, and how large
// the table of a Map held in an object's field is. Counts objects; no timing.
import v8 from 'node:v8';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export class HeapSnapshot {
  private constructor(private readonly raw: RawSnapshot) {}

  static async take(): Promise<HeapSnapshot> {
    const chunks: Buffer[] = [];
    for await (const c of v8.getHeapSnapshot()) chunks.push(c as Buffer);
    return new HeapSnapshot(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawSnapshot);
  }

  private get meta() {
    const m = this.raw.snapshot.meta;
    return {
      nf: m.node_fields.length,
      ef: m.edge_fields.length,
      type: m.node_fields.indexOf('type'),
      name: m.node_fields.indexOf('name'),
      size: m.node_fields.indexOf('self_size'),
      edgeCount: m.node_fields.indexOf('edge_count'),
      types: m.node_types[0],
      edgeTypes: m.edge_types[0],
    };
  }

  /**
   * Live flat strings whose text passes `test` (a cons or sliced string is named otherwise). A
   * test that asks about a string must not hold one with the same text while the snapshot is taken.
   */
  countStrings(test: (text: string) => boolean): number {
    const { nf, type, name, types } = this.meta;
    const { nodes, strings } = this.raw;
    let n = 0;
    for (let i = 0; i < nodes.length; i += nf) if (types[nodes[i + type]] === 'string' && test(strings[nodes[i + name]])) n++;
    return n;
  }

  /**
   * Self sizes of the hash tables of the Maps (or Sets) in field `field` of every live object
   * whose constructor is `ctor`.
   */
  tableBytes(ctor: string, field: string): number[] {
    const { nf, ef, type, name, size, edgeCount, types, edgeTypes } = this.meta;
    const { nodes, edges, strings } = this.raw;
    const edgeStart = new Map<number, number>();
    for (let i = 0, e = 0; i < nodes.length; i += nf) {
      edgeStart.set(i, e);
      e += nodes[i + edgeCount] * ef;
    }
    const out = (i: number, want: (edgeType: string, edgeName: string) => boolean): number[] => {
      const found: number[] = [];
      const from = edgeStart.get(i)!;
      for (let e = from; e < from + nodes[i + edgeCount] * ef; e += ef) {
        const et = edgeTypes[edges[e]];
        const en = et === 'element' || et === 'hidden' ? String(edges[e + 1]) : strings[edges[e + 1]];
        if (want(et, en)) found.push(edges[e + 2]);
      }
      return found;
    };
    const sizes: number[] = [];
    for (let i = 0; i < nodes.length; i += nf) {
      if (types[nodes[i + type]] !== 'object' || strings[nodes[i + name]] !== ctor) continue;
      for (const map of out(i, (et, en) => et === 'property' && en === field)) {
        for (const table of out(map, (et, en) => et === 'internal' && en === 'table')) sizes.push(nodes[table + size]);
      }
    }
    return sizes;
  }
}
