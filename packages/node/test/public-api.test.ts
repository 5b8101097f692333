import { describe } from 'vitest';
import { itExportsTheDocumentedApi } from '../../core/test/api-doc';

describe('@bugmastery/node exports exactly the documented API (docs/api.md): core\'s and its own', () => itExportsTheDocumentedApi('@bugmastery/node'));
