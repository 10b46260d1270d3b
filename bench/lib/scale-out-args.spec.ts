import { parseScaleOutArgs } from './scale-out-args';

describe('parseScaleOutArgs', () => {
  it('warms up with as many incidents as a phase unless told otherwise', () => {
    expect(parseScaleOutArgs(['150']).warmUp).toBe(150);
    expect(parseScaleOutArgs([]).warmUp).toBe(200);
    expect(parseScaleOutArgs(['150', '--warm-up=40', '--rounds=3', '--servers=dev'])).toMatchObject({
      incidents: 150,
      warmUp: 40,
      rounds: 3,
      servers: ['dev'],
    });
  });

  it('refuses a warm-up that is not a positive whole number, naming the option', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => parseScaleOutArgs(['--warm-up=0'])).toThrow('exit 2');
      expect(error.mock.calls[0]![0]).toMatch(/^--warm-up must be a positive whole number/);
    } finally {
      exit.mockRestore();
      error.mockRestore();
    }
  });
});
