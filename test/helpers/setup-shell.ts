// Every test process loads the real bash parser (web-tree-sitter + tree-sitter-bash) once, as the CLI does.
import { loadShellParser } from '../../host/shell-loader.js';

const error = await loadShellParser();
if (error) throw new Error(`the bash parser did not load: ${error}`);
