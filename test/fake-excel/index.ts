/** The fake Excel object model lives in src/harness so the browser harness can import it too. */
export * from '../../src/harness/fake-excel';
