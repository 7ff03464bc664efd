/** Release storage errors, with the messages helm prints for the same situations (pkg/storage/driver). */

export class ReleaseNotFoundError extends Error {
  constructor(readonly key?: string) {
    super("release: not found");
    this.name = "ReleaseNotFoundError";
  }
}

export class ReleaseExistsError extends Error {
  constructor(readonly key?: string) {
    super("release: already exists");
    this.name = "ReleaseExistsError";
  }
}

export class NoDeployedReleasesError extends Error {
  constructor(readonly releaseName: string) {
    super(`${JSON.stringify(releaseName)} has no deployed releases`);
    this.name = "NoDeployedReleasesError";
  }
}

export class InvalidLabelValueError extends Error {
  constructor(readonly value: string) {
    super(`invalid label value: ${JSON.stringify(value)}`);
    this.name = "InvalidLabelValueError";
  }
}

/** Several deletions failed while pruning history; helm reports the count and the first one. */
export class HistoryPruneError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(
      errors.length === 1
        ? errors[0]!.message
        : `encountered ${errors.length} deletion errors. First is: ${errors[0]!.message}`,
    );
    this.name = "HistoryPruneError";
  }
}
