// The DevinApiError a promise rejects with (fails the test when it resolves or rejects with anything else).
import assert from 'node:assert/strict';
import * as util from 'node:util';
import { DevinApiError } from '../../src/api/errors';

export async function caught(p: Promise<unknown>): Promise<DevinApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DevinApiError, `a DevinApiError, not ${util.inspect(e)}`);
    return e;
  }
  assert.fail('expected an error');
}
