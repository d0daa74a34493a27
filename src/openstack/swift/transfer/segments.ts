/**
 * How a large file becomes a Static Large Object, the way python-swiftclient lays it out so that either tool
 * can resume the other's upload: segments in `<container>_segments`, named
 * `<object>/slo/<mtime>/<size>/<segment size>/<index, 8 digits>`, then a manifest PUT with
 * `?multipart-manifest=put`. Pure: sizes and names only.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../../errors';
import type { SwiftInfo } from '../info';
import { displayName } from '../names';

export const MIB = 1024 * 1024;
/** Defaults of the settings: files from 64 MiB up go as segments of 32 MiB. */
export const DEFAULT_SLO_THRESHOLD = 64 * MIB;
export const DEFAULT_SEGMENT_SIZE = 32 * MIB;

export interface SloLimits {
  maxManifestSegments: number;
  minSegmentSize: number;
}

/** Swift's defaults when /info says nothing more. */
export const DEFAULT_SLO_LIMITS: SloLimits = { maxManifestSegments: 1000, minSegmentSize: 1 };

/** The `slo` section of /info, or undefined when the cluster has no SLO middleware. */
export function sloLimits(info: SwiftInfo): SloLimits | undefined {
  const slo = info.raw.slo;
  if (!slo || typeof slo !== 'object') return undefined;
  const section = slo as Record<string, unknown>;
  const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : d);
  return {
    maxManifestSegments: positive(section.max_manifest_segments, DEFAULT_SLO_LIMITS.maxManifestSegments),
    minSegmentSize: positive(section.min_segment_size, DEFAULT_SLO_LIMITS.minSegmentSize),
  };
}

/**
 * The segment size to use: the requested one, raised to the cluster's minimum, and raised (to whole MiB) until
 * the file fits in the manifest's segment limit.
 */
export function chooseSegmentSize(fileSize: number, requested: number, limits: SloLimits): number {
  let size = Math.max(Math.floor(requested) || DEFAULT_SEGMENT_SIZE, limits.minSegmentSize, 1);
  if (Math.ceil(fileSize / size) > limits.maxManifestSegments) {
    size = Math.ceil(fileSize / limits.maxManifestSegments / MIB) * MIB;
  }
  return size;
}

/** The container python-swiftclient puts segments in. */
export function segmentsContainer(container: string): string {
  return `${container}_segments`;
}

/** A file's modification time as swiftclient writes it (seconds, six decimals): also its X-Object-Meta-Mtime. */
export function mtimeText(mtimeMs: number): string {
  return (mtimeMs / 1000).toFixed(6);
}

/** `<object>/slo/<mtime>/<size>/<segment size>/`: one upload of one version of the file. */
export function segmentPrefix(objectName: string, mtime: string, fileSize: number, segmentSize: number): string {
  return `${objectName}/slo/${mtime}/${fileSize}/${segmentSize}/`;
}

export interface PlannedSegment {
  index: number;
  /** Offset in the file. */
  start: number;
  bytes: number;
  /** Object name in the segments container. */
  name: string;
}

/** The segments of a file, in order; the last one holds the rest. A file of 0 bytes has none. */
export function planSegments(objectName: string, fileSize: number, mtime: string, segmentSize: number, maxNameLength = 1024): PlannedSegment[] {
  if (!(segmentSize >= 1)) throw new OpenStackError('invalidInput', l10n.t('Segment size must be at least 1 byte, not {0}.', segmentSize));
  const prefix = segmentPrefix(objectName, mtime, fileSize, segmentSize);
  const count = Math.ceil(fileSize / segmentSize);
  const longest = `${prefix}${String(Math.max(0, count - 1)).padStart(8, '0')}`;
  if ([...longest].length > maxNameLength) {
    throw new OpenStackError(
      'invalidInput',
      l10n.t(
        'The object name {0} is too long to be uploaded in segments: segment names add {1} characters and Swift takes {2} at most.',
        displayName(objectName),
        [...longest].length - [...objectName].length,
        maxNameLength,
      ),
    );
  }
  return Array.from({ length: count }, (_, index) => ({
    index,
    start: index * segmentSize,
    bytes: Math.min(segmentSize, fileSize - index * segmentSize),
    name: `${prefix}${String(index).padStart(8, '0')}`,
  }));
}
