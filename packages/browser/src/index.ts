export * from '@bugmastery/core';
