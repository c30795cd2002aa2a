import type { HistoryImporter } from '@app/import';
import { ProblemException } from '@app/platform';

/**
 * Stands in for the workflow's history importer until it is registered in AppModule (replace this provider with it):
 * uploads are read and checked up to the importer's call, which then answers 501 and writes nothing.
 */
export const importerNotRegistered: HistoryImporter = {
  run: () => Promise.reject(new ProblemException(501, 'IMPORT.NOT_AVAILABLE', 'the history importer is not registered in this build: nothing was written')),
};
