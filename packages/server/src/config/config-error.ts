/** A configuration problem found at start-up; the message names the file and the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A provider's `base_url` needs option `option` and nothing set it (start-up may discover some, e.g. a Google project). */
export class MissingOptionError extends ConfigError {
  constructor(
    message: string,
    readonly option: string,
  ) {
    super(message);
    this.name = 'MissingOptionError';
  }
}
