/** Uploads and downloads between local files and Swift (no `vscode`): the surface the UI uses. */
export { DEFAULT_CONTENT_TYPE, guessContentType } from './contentTypes';
export { collectUploads, type SkippedPath, type UploadItem } from './localFiles';
export { downloadObjects, planDownload, type DownloadPlan, type DownloadSource, type DownloadSummary, type PlannedDownload } from './download';
export type { ActiveFile, TransferProgress } from './progress';
export { DEFAULT_SEGMENT_SIZE, DEFAULT_SLO_THRESHOLD, MIB } from './segments';
export { SMALL_FILE_BYTES, smallFilesFor, uploadFiles, type FailedTransfer, type UploadOptions, type UploadSummary } from './uploadFiles';
