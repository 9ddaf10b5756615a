import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'currentPassword must be a string' })
  @MinLength(1, { message: 'currentPassword is required' })
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 10, description: 'At least 10 characters, not a common password' })
  @IsString({ message: 'newPassword must be a string' })
  @MaxLength(200)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'siti@banjarkab.go.id' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the mailed link' })
  @IsString({ message: 'token must be a string' })
  @MinLength(1, { message: 'token is required' })
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 10 })
  @IsString({ message: 'newPassword must be a string' })
  @MaxLength(200)
  newPassword: string;
}
