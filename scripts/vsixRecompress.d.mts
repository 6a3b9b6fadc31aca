/** Recompresses a VSIX in place with Zopfli (see vsixRecompress.mjs); returns its size before and after, in bytes. */
export function recompressVsix(file: string, opts?: { iterations?: number }): Promise<{ before: number; after: number }>;
