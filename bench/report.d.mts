// Types for report.mjs (the TypeScript benches import it).
export declare const BENCH_DIR: string;
export declare const ROOT: string;
export declare const RESULTS_DIR: string;
export interface Target {
  op: '<' | '<=' | '==' | '>=';
  value: number;
  text?: string;
}
export interface Figure {
  id: string;
  label: string;
  value: number;
  unit: string;
  target?: Target & { text: string };
  pass?: boolean;
  note?: string;
}
export interface Report {
  figure(id: string, label: string, value: number, unit?: string, target?: Target, note?: string): boolean;
  info(text: string): void;
  skip(reason: string): void;
  readonly figures: Figure[];
  finish(): number;
}
export declare function createReport(bench: string): Report;
export declare function fmt(value: number, unit?: string): string;
export declare function median(xs: number[]): number;
