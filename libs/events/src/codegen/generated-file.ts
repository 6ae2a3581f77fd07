/** One file the generator produces: its path relative to the repository root and its full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Folder of the generated TypeScript; the generator owns it and removes files it no longer produces. */
export const GENERATED_TYPES_DIR = 'libs/events/src/generated';
/** Folder of the generated AsyncAPI document and catalog page. */
export const EVENT_DOCS_DIR = 'docs/events';

export const GENERATED_NOTICE = 'Generated from schemas/ by `shopstream schemas generate`; do not edit.';
export const GENERATED_TS_HEADER = `// ${GENERATED_NOTICE}\n`;
