import { evaluate } from 'feelin';
import { MikroORM } from '@mikro-orm/postgresql';
console.log(evaluate('a + 1 > 2', { a: 5 }), typeof MikroORM);
