import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Field rules shared by the user commands, so that register and update cannot disagree. */
function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

export const IsPersonName = () =>
  compose(IsString(), MaxLength(100), Matches(/\S/, { message: '$property must not be empty or blank' }));

export const IsUserName = () =>
  compose(
    IsString(),
    MinLength(3),
    MaxLength(64),
    Matches(/^[A-Za-z0-9._-]+$/, { message: '$property may hold only letters, digits, dot, dash and underscore' }),
  );

export const IsUserEmail = () => compose(IsEmail(), MaxLength(254));

/** NIST SP 800-63B §5.1.1: length matters, composition rules do not; 128 bounds the hashing work per request. */
export const IsNewPassword = () => compose(IsString(), MinLength(8), MaxLength(128));
