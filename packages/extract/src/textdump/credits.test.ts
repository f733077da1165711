import { splitCredit } from './credits';

describe('splitCredit', () => {
  test.each([
    ['Der Satz endet hier. (afp)', 'Der Satz endet hier.', ['afp']],
    ['Der Satz endet hier. (AFP)', 'Der Satz endet hier.', ['afp']],
    ['Der Satz endet hier. (dts/dpa/red)', 'Der Satz endet hier.', ['dts', 'dpa']],
    ['Der Satz endet hier. (dpa / AFP)', 'Der Satz endet hier.', ['dpa', 'afp']],
    ['Der Satz endet hier. (Reuters)', 'Der Satz endet hier.', ['rtr']],
    ['Der Satz endet hier. (rtr, dpa)', 'Der Satz endet hier.', ['rtr', 'dpa']],
    ['Der Satz endet hier. (dpa/lby)', 'Der Satz endet hier.', ['dpa']],
    ['Der Satz endet hier. (dpa/dpa)', 'Der Satz endet hier.', ['dpa']],
    ['Der Satz endet hier. (red)', 'Der Satz endet hier.', []],
    ['Der Satz endet hier. (epd)  ', 'Der Satz endet hier.', ['epd']],
    ['(kna)', '', ['kna']],
  ])('%j → text %j, agencies %j', (input, text, agencies) => {
    expect(splitCredit(input)).toEqual({ text, agencies });
  });

  test.each([
    'Kein Credit am Ende.',
    'Der Geheimdienst (NIS)',
    'Gespräche mit den USA (Video)',
    'Die Vereinten Nationen (UN) tagen.',
    'Ein Satz mit (afp) in der Mitte.',
    'Eine Klammer (mit mehreren Wörtern darin)',
    'Zahlen (2024)',
    'Unvollständig (afp',
    '',
  ])('no credit in %j', (input) => {
    expect(splitCredit(input)).toBeNull();
  });
});
