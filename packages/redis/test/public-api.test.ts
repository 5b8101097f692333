import { describe } from 'vitest';
import { itExportsTheDocumentedApi } from '../../core/test/api-doc';

describe('@bugmastery/redis exports exactly the documented API (docs/api.md): its own names', () => itExportsTheDocumentedApi('@bugmastery/redis'));
