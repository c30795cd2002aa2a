import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, type PersonRole } from '@app/domain';

export class DemoTokenDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: PersonRole;
  @ApiProperty({ example: '24', description: 'Province (2 digits) or commune (5 digits) of the July 2025 map' })
  @Matches(/^\d{2}(\d{3})?$/, { message: 'unit must be a province (2 digits) or commune (5 digits) code' })
  unit!: string;
  @ApiPropertyOptional({ example: 'member-2', description: 'User id; council members are named by it when the council is convened' })
  @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'sub must be 1-100 letters, digits, . _ -' })
  sub?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
}

export class OidcCodeDto {
  @ApiProperty() @IsString() @Length(1, 2000) code!: string;
  @ApiProperty({ description: 'The PKCE verifier the console kept while the browser was at the identity provider' })
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'codeVerifier must be 43-128 characters (RFC 7636)' })
  codeVerifier!: string;
  @ApiProperty({ description: 'The redirect URI the authorisation request named' }) @IsString() @Length(1, 2000) redirectUri!: string;
}
