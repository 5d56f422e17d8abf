import { PACKAGE_VERSION } from '../../generated/package-info';

/** This package's version, compiled in at generate time (no file is read, so it works on every runtime). */
export function packageVersion(): string {
  return PACKAGE_VERSION;
}
