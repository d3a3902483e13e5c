#!/usr/bin/env node
// The `switchyard` command: committed (and executable) so that npm can link it before the build.
import "../dist/main.js";
